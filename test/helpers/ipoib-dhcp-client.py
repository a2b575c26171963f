#!/usr/bin/env python3
"""A DHCP client that frames its requests as an IPoIB client does (RFC 4390): htype 32, hlen 0,
a zeroed chaddr, the broadcast flag, and a client identifier (option 61), which is mandatory.
A lab segment is Ethernet, so the frames around it are Ethernet's; the DHCP server sees what it
sees from an IPoIB port: no hardware address, only the client identifier. busybox udhcpc cannot
send this (it always sends htype 1 with its MAC), and ISC dhcpd names an IPoIB client in its log
by the client identifier only because the hardware address is empty.

usage: ipoib-dhcp-client.py IFACE CLIENT_ID [ARCH [VENDOR_CLASS]]
  CLIENT_ID     option 61 as hex octets, e.g. 20:00:11:75:09:01:02:03:08
  ARCH          option 93, 4 hex digits (default 0007, x64 UEFI)
  VENDOR_CLASS  option 60 (default PXEClient; HTTPClient for UEFI HTTP boot)
Prints "ip=<yiaddr> mask=<mask> siaddr=<next server> serverid=<id> boot_file=<file>" after the DHCPACK;
exits 1 when no server answers."""
import os
import socket
import struct
import sys

DISCOVER, OFFER, REQUEST, ACK, NAK = 1, 2, 3, 5, 6
MAGIC = b"\x63\x82\x53\x63"


def packet(xid, cid, arch, vendor, kind, extra=b""):
    head = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", 1, 32, 0, 0, xid, 0, 0x8000,
                       bytes(4), bytes(4), bytes(4), bytes(4), bytes(16), bytes(64), bytes(128))
    opts = bytes([53, 1, kind, 61, len(cid)]) + cid + bytes([60, len(vendor)]) + vendor
    opts += bytes([93, 2]) + arch + bytes([55, 5, 1, 3, 54, 66, 67]) + extra + b"\xff"
    return head + MAGIC + opts


def options(data):
    out, i = {}, 240
    while i < len(data) and data[i] != 255:
        if data[i] == 0:
            i += 1
            continue
        out[data[i]] = data[i + 2:i + 2 + data[i + 1]]
        i += 2 + data[i + 1]
    return out


def answer(sock, xid, want):
    while True:
        data = sock.recv(4096)
        if len(data) < 240 or data[0] != 2 or struct.unpack("!I", data[4:8])[0] != xid:
            continue
        opts = options(data)
        kind = opts.get(53, b"\0")[0]
        if kind == NAK:
            sys.exit("DHCPNAK")
        if kind == want:
            return data, opts


def main():
    iface, cid = sys.argv[1], bytes.fromhex(sys.argv[2].replace(":", ""))
    arch = bytes.fromhex(sys.argv[3] if len(sys.argv) > 3 else "0007")
    vendor = (sys.argv[4] if len(sys.argv) > 4 else "PXEClient").encode()
    xid = struct.unpack("!I", os.urandom(4))[0]
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, iface.encode())
    sock.bind(("", 68))
    sock.settimeout(3)
    to = ("255.255.255.255", 67)
    for _ in range(3):
        try:
            sock.sendto(packet(xid, cid, arch, vendor, DISCOVER), to)
            offer, opts = answer(sock, xid, OFFER)
            yiaddr, server = offer[16:20], opts[54]
            sock.sendto(packet(xid, cid, arch, vendor, REQUEST, bytes([50, 4]) + yiaddr + bytes([54, 4]) + server), to)
            ack, opts = answer(sock, xid, ACK)
        except socket.timeout:
            continue
        boot = opts.get(67, ack[108:236]).split(b"\0")[0].decode()
        mask = socket.inet_ntoa(opts.get(1, bytes([255, 255, 255, 0])))
        print(f"ip={socket.inet_ntoa(ack[16:20])} mask={mask} siaddr={socket.inet_ntoa(ack[20:24])} "
              f"serverid={socket.inet_ntoa(opts[54])} boot_file={boot}")
        return
    sys.exit("no DHCP answer")


main()
