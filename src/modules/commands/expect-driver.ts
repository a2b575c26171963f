/**
 * The program that answers a command's prompts on the host, for the expect module.
 *
 * Ansible's expect runs pexpect (python3-pexpect) on the host. fabplay needs no Python there: the
 * command gets its terminal from `script` (util-linux; Debian's bsdutils, an Essential package) and
 * the prompts are answered by a Perl program (perl-base: Essential on Debian and Ubuntu) that reads
 * the terminal's output as pexpect does. It runs on the host, not on the controller, because the
 * prompts must be answered as they come and the connection sends a command's stdin all at once;
 * the task's become and environment apply to it as to any command.
 *
 * pexpect's rules kept: the command is split by pexpect's own splitter and must be found on PATH
 * (or as a path) before it starts; the terminal is 24x80 with echo off unless `echo`; each pattern
 * is a regex with `.` matching newlines, searched in the output not consumed by an earlier match;
 * the earliest match wins, the first pattern on a tie; the output up to the end of the match is
 * consumed and the answer sent; `timeout` bounds each wait for a match (not the whole run).
 */

/**
 * The Perl program. Its stdin: hex lines (each prefixed `x`, so none is empty) of timeout ('' for
 * none), echo (1/0), the program's name and the command line for `script -c`, then one line per
 * pattern: `pattern kind answer...` (kind `s`: one answer, always; `l`: successive answers). It
 * writes the output to stdout and its verdict, last, to stderr as `@@EXPECT@@ word [data]`.
 */
export const EXPECT_DRIVER = String.raw`
use strict;
use POSIX ();
sub unhex { pack 'H*', substr($_[0], 1) }
sub verdict { print STDERR "\n\@\@EXPECT\@\@ @_\n"; }
my @in = <STDIN>; chomp @in;
my ($timeout, $echo, $argv0, $cmd) = map { unhex($_) } splice(@in, 0, 4);
my (@re, @answers, @listed, @next);
for my $i (0 .. $#in) {
  my ($p, $kind, @r) = split / /, $in[$i];
  my $text = unhex($p);
  my $re = eval { qr/$text/s };
  if (!defined $re) { verdict('badre', $i, unpack('H*', $@)); exit 0; }
  push @re, $re; push @listed, $kind eq 'l'; push @answers, [map { unhex($_) } @r]; push @next, 0;
}
# pexpect's which(): a name with a slash as it is, else each PATH entry ('' is the directory)
sub runnable { -f $_[0] && -x _ }
my $found = $argv0 =~ m{/} && runnable($argv0);
if (!$found) {
  my $path = (defined $ENV{PATH} && length $ENV{PATH}) ? $ENV{PATH} : '/bin:/usr/bin';
  for my $d (split /:/, $path, -1) {
    if (runnable(length $d ? "$d/$argv0" : $argv0)) { $found = 1; last; }
  }
}
if (!$found) { verdict('notfound'); exit 0; }
pipe(my $ir, my $iw) or die "pipe: $!";
pipe(my $or, my $ow) or die "pipe: $!";
my $pid = fork;
die "fork: $!" unless defined $pid;
if (!$pid) {
  open(STDIN, '<&', $ir); open(STDOUT, '>&', $ow); close $iw; close $or;
  exec('script', '-qfec', $cmd, '/dev/null');
  verdict('noscript'); POSIX::_exit(127);
}
close $ir; close $ow;
my ($buf, $out, $end) = ('', '', 'eof');
my $left = length $timeout ? $timeout : undef;
LOOP: while (1) {
  while (1) {
    my ($best, $from, $to);
    for my $i (0 .. $#re) {
      next unless $buf =~ $re[$i];
      ($best, $from, $to) = ($i, $-[0], $+[0]) if !defined $best || $-[0] < $from;
    }
    last unless defined $best;
    my $seen = substr($buf, 0, $to);
    $buf = substr($buf, $to);
    my $list = $answers[$best];
    if ($listed[$best] && $next[$best] >= @$list) {
      print $out; verdict('noanswer', $best, unpack('H*', $seen)); kill 'KILL', $pid; exit 0;
    }
    syswrite($iw, $listed[$best] ? $list->[$next[$best]++] : $list->[0]);
    $left = length $timeout ? $timeout : undef;
  }
  my $rin = ''; vec($rin, fileno($or), 1) = 1;
  my ($n, $rest) = select(my $rout = $rin, undef, undef, $left);
  if ($n < 0) { next LOOP if $!{EINTR}; last LOOP; }
  if ($n == 0) { $end = 'timeout'; last LOOP; }
  $left = $rest if defined $left;
  my $got = sysread($or, my $chunk, 65536);
  last LOOP unless $got;
  $buf .= $chunk; $out .= $chunk;
}
print $out;
if ($end eq 'timeout') {
  # script ends its command only 2 s after a TERM: killed, its terminal closes and the command
  # gets the hangup (pexpect sends one too)
  kill 'KILL', $pid;
  waitpid($pid, 0);
  verdict('timeout');
  exit 0;
}
waitpid($pid, 0);
verdict('exit', $? >> 8);
`;

/** The driver's stdin: hex words, as EXPECT_DRIVER reads them. */
export function driverInput(d: {
  timeout: number | null;
  echo: boolean;
  argv: readonly string[];
  shellLine: string;
  responses: readonly { pattern: string; answers: readonly string[]; listed: boolean }[];
}): string {
  const hex = (s: string) => `x${Buffer.from(s, 'utf8').toString('hex')}`;
  const head = [
    d.timeout === null ? '' : String(d.timeout),
    d.echo ? '1' : '0',
    d.argv[0] ?? '',
    d.shellLine,
  ];
  const lines = head.map(hex);
  for (const r of d.responses)
    lines.push([hex(r.pattern), r.listed ? 'l' : 's', ...r.answers.map(hex)].join(' '));
  return `${lines.join('\n')}\n`;
}

/** What the driver said last on stderr. */
export type DriverVerdict =
  | { kind: 'exit'; rc: number }
  | { kind: 'timeout' }
  | { kind: 'notfound' }
  | { kind: 'noscript' }
  | { kind: 'badre'; index: number; error: string }
  | { kind: 'noanswer'; index: number; seen: Buffer }
  | undefined;

export function driverVerdict(stderr: string): DriverVerdict {
  if (stderr.includes('@@EXPECT@@ noscript')) return { kind: 'noscript' };
  // the last verdict: script may write after it (its message when it is ended)
  const m = [...stderr.matchAll(/^@@EXPECT@@ (\w+)(?: (\S+))?(?: (\S*))?$/gm)].pop();
  if (!m) return undefined;
  const [, kind, a, b] = m;
  if (kind === 'exit') return { kind, rc: Number(a) };
  if (kind === 'timeout' || kind === 'notfound') return { kind };
  if (kind === 'badre') return { kind, index: Number(a), error: Buffer.from(b ?? '', 'hex').toString() };
  if (kind === 'noanswer') return { kind, index: Number(a), seen: Buffer.from(b ?? '', 'hex') };
  return undefined;
}
