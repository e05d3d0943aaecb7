/* libruview — packet captures: classic pcap and pcapng, down to UDP.
 *
 * Classic pcap (either byte order, µs or ns timestamps) and pcapng (any
 * section byte order, several interfaces, if_tsresol; Enhanced, Simple and
 * the obsolete Packet blocks).  Link types: Ethernet (1, VLAN tags
 * skipped), Linux cooked capture (113, and v2: 276) and raw IP (101).
 * IPv4 (unfragmented) and IPv6 (UDP as the first next header) down to UDP;
 * the payload is bounded by the UDP length, not by the captured length
 * (some captures carry trailing bytes after the datagram).  Nothing
 * allocates. */
#ifndef RUVIEW_PCAP_H
#define RUVIEW_PCAP_H

#include "ruview/capture.h"

#ifdef __cplusplus
extern "C" {
#endif

#define RV_PCAP_MAX_BLOCK      (1024u * 1024u)
#define RV_PCAP_MAX_INTERFACES 16

typedef struct
{
  int started;                  /* the file header has been read */
  int ng;                       /* pcapng */
  int big_endian;               /* of the file / current section */
  int broken;                   /* unrecoverable damage: the rest is skipped */
  uint64_t classic_units;       /* classic: timestamp fraction units per second */
  uint32_t classic_linktype;
  unsigned n_if;
  uint16_t if_linktype[RV_PCAP_MAX_INTERFACES];
  uint64_t if_units[RV_PCAP_MAX_INTERFACES];    /* timestamp units per second */
  uint64_t last_time_us;
} RvPcap;

typedef struct
{
  uint64_t time_us;
  const uint8_t *udp;           /* UDP payload, NULL if the packet is no UDP datagram */
  size_t udp_len;
  uint16_t src_port, dst_port;
} RvPcapPacket;

/* 1 if data starts with a pcap or pcapng file header. */
int rv_pcap_is_pcap (const uint8_t * data, size_t len);

/* One container entry at the start of data: a packet (RV_CAPTURE_FRAME,
 * pkt filled; pkt->udp NULL when it is not a UDP datagram), a header or
 * other block (RV_CAPTURE_CONTINUE), NEED_MORE, END, or an error
 * (RV_CAPTURE_ERR_CONTAINER, RV_CAPTURE_ERR_TRUNCATED). */
RvCaptureStatus rv_pcap_next (RvPcap * st, const uint8_t * data, size_t len,
    int at_eof, size_t * consumed, RvPcapPacket * pkt);

/* Strip link, IP and UDP headers of one packet (exposed for tests). */
void rv_pcap_dissect (uint32_t linktype, const uint8_t * frame, size_t len,
    RvPcapPacket * pkt);

#ifdef __cplusplus
}
#endif
#endif
