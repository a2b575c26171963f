#!/bin/sh
# The health gate of a PXE server, run on a client of its fabric segment (or on the server
# itself): what a booting node asks for, checked against what it must get. One line per check,
# "ok   WHAT: DETAIL" or "FAIL WHAT: DETAIL"; exit status 1 when a check failed.
#   pxe-gate.sh IFACE SERVER NEXT_SERVER UEFI_FILE BIOS_FILE TREE_URL IMG_SIZE
# IFACE: the client's interface on the segment, or "-" on the server itself (a DHCP server
# does not answer its own broadcast: the offer is not probed there, and the gate says so).
# An empty BIOS_FILE skips the BIOS offer. Needs busybox (udhcpc), tftp-hpa's tftp and curl.
set -u
IFACE=$1 SERVER=$2 NEXT=$3 UEFI=$4 BIOS=$5 TREE=$6 SIZE=$7
failed=0
ok() { echo "ok   $1: $2"; }
bad() { echo "FAIL $1: $2"; failed=1; }
for tool in busybox tftp curl; do
  command -v "$tool" >/dev/null 2>&1 || { bad "tools" "$tool is not installed on $(hostname)"; exit 1; }
done
W=$(mktemp -d /tmp/.pxe-gate.XXXXXX) || exit 1
added=""
cleanup() {
  [ -n "$added" ] && ip addr del "$added" dev "$IFACE" 2>/dev/null
  rm -rf "$W"
}
trap cleanup EXIT
# udhcpc hands the lease to this script; it only reports it: the interface stays as it is
printf '#!/bin/sh\n[ "$1" = bound ] && echo "ip=$ip mask=$mask siaddr=$siaddr serverid=$serverid boot_file=$boot_file"\nexit 0\n' >"$W/lease.sh"
chmod 755 "$W/lease.sh"

field() { printf '%s\n' "$lease" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

# offer ARCH NAME FILE: a PXE client with option 93 = ARCH asks; FILE and NEXT must come back
offer() {
  out=$(busybox udhcpc -i "$IFACE" -f -q -n -t 3 -T 2 -s "$W/lease.sh" -V PXEClient -x "0x5d:$1" 2>&1)
  lease=$(printf '%s\n' "$out" | grep '^ip=' | tail -n 1)
  if [ -z "$lease" ]; then
    bad "DHCP $2" "no offer on $IFACE ($(printf '%s' "$out" | tail -n 1))"
    return 1
  fi
  # values from the wire are data: read field by field, never evaluated
  L_ip=$(field ip) L_mask=$(field mask) L_siaddr=$(field siaddr)
  L_serverid=$(field serverid) L_boot_file=$(field boot_file)
  if [ "$L_serverid" != "$SERVER" ]; then
    bad "DHCP $2" "offer from $L_serverid, not from $SERVER"
  elif [ "$L_siaddr" != "$NEXT" ] || [ "$L_boot_file" != "$3" ]; then
    bad "DHCP $2" "next-server $L_siaddr boot file '$L_boot_file', expected $NEXT '$3'"
  else
    ok "DHCP $2" "$L_ip from $L_serverid, next-server $L_siaddr, boot file $L_boot_file"
  fi
}

if [ "$IFACE" = - ]; then
  ok "DHCP" "not probed: no client on this segment, the gate runs on $(hostname) itself against $SERVER"
else
  offer 0007 "UEFI (option 93 = 7)" "$UEFI"
  [ -n "$BIOS" ] && offer 0000 "BIOS (option 93 = 0)" "$BIOS"
  # TFTP and HTTP need an address on the segment: the leased one, for the time of the gate
  if [ -n "${L_ip:-}" ] && ! ip -4 -o addr show dev "$IFACE" | grep -q ' inet '; then
    ip addr add "$L_ip/$L_mask" dev "$IFACE" && added="$L_ip/$L_mask"
  fi
fi

fetch() {
  if tftp "$SERVER" -m binary -c get "$1" "$W/got" 2>"$W/err" && [ -s "$W/got" ]; then
    ok "TFTP $2" "$SERVER:$1 ($(wc -c <"$W/got") bytes)"
  else
    bad "TFTP $2" "$SERVER:$1: $(head -c 200 "$W/err")"
  fi
  rm -f "$W/got"
}
fetch "$UEFI" "boot file"
fetch "$(dirname "$UEFI")/grub.cfg" "grub.cfg"
[ -n "$BIOS" ] && fetch "$BIOS" "BIOS boot file"

code=$(curl -s -o /dev/null -m 10 -w '%{http_code}' "$TREE/.treeinfo")
if [ "$code" = 200 ]; then ok "HTTP .treeinfo" "$TREE/.treeinfo -> 200"; else bad "HTTP .treeinfo" "$TREE/.treeinfo -> $code"; fi
len=$(curl -sI -m 10 "$TREE/images/install.img" | tr -d '\r' | sed -n 's/^[Cc]ontent-[Ll]ength: *//p')
if [ "$len" = "$SIZE" ]; then
  ok "HTTP install.img" "Content-Length $len"
else
  bad "HTTP install.img" "Content-Length '${len}', size on the server $SIZE"
fi
exit $failed
