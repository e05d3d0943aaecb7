/* Fuzz target: the ESP32 ADR-018 datagram (common/ruview/adr018.c), as
 * csisrc's UDP path uses it: parse, then decode into a record. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "ruview/adr018.h"

int
LLVMFuzzerTestOneInput (const uint8_t * data, size_t size)
{
  RvAdr018Header h;
  RvAdr018Error e = rv_adr018_parse (data, size, &h);
  size_t rsize, n, k;
  uint8_t *rec;
  RvCsiFrame f;
  int order;

  RV_FUZZ_CHECK (rv_adr018_error_str (e) != NULL);
  if (e == RV_ADR018_NON_CSI)
    RV_FUZZ_CHECK (rv_adr018_is_sibling_magic (h.magic));
  if (e != RV_ADR018_OK)
    return 0;

  RV_FUZZ_CHECK (size >= RV_ADR018_HEADER_SIZE && size <= RV_ADR018_MAX_DATAGRAM);
  RV_FUZZ_CHECK (h.n_antennas >= 1 && h.n_antennas <= RV_ADR018_MAX_ANTENNAS);
  RV_FUZZ_CHECK (h.n_subcarriers >= 1
      && h.n_subcarriers <= RV_ADR018_MAX_SUBCARRIERS);
  n = (size_t) h.n_antennas * h.n_subcarriers;
  RV_FUZZ_CHECK (h.payload == data + RV_ADR018_HEADER_SIZE);
  RV_FUZZ_CHECK (RV_ADR018_HEADER_SIZE + 2 * n <= size);
  k = rv_adr018_bandwidth (h.ppdu_type, h.flags, h.n_subcarriers);
  RV_FUZZ_CHECK (k == 20 || k == 40 || k == 80 || k == 160);
  RV_FUZZ_CHECK (rv_adr018_fix_rssi (h.rssi) <= 0);

  rsize = rv_record_csi_size (RV_LAYOUT_COMPLEX, h.n_antennas, h.n_subcarriers);
  RV_FUZZ_CHECK (rsize > 0);
  if (posix_memalign ((void **) &rec, 8, rsize) != 0)
    abort ();
  for (order = RV_IQ_I_FIRST; order <= RV_IQ_Q_FIRST; order++) {
    RvCsiFrame g;
    RV_FUZZ_CHECK (rv_record_csi_init (rec, rsize, RV_LAYOUT_COMPLEX,
            h.n_antennas, h.n_subcarriers, &f) == RV_RECORD_OK);
    RV_FUZZ_CHECK (rv_adr018_fill_frame (&h, (RvIqOrder) order, &f) == 0);
    rv_record_csi_sync (rec, &f);
    RV_FUZZ_CHECK (rv_record_csi_parse (rec, rsize, &g) == RV_RECORD_OK);
    RV_FUZZ_CHECK (g.node_id == h.node_id && g.sequence == h.sequence);
    RV_FUZZ_CHECK (g.dim0 == h.n_antennas && g.dim1 == h.n_subcarriers);
    for (k = 0; k < 2 * n; k++) {
      /* every value is one signed byte of the payload */
      double v = g.data[k];
      int8_t b = (int8_t) h.payload[(order == RV_IQ_I_FIRST) ? k : (k ^ 1)];
      RV_FUZZ_CHECK (v == (double) b);
    }
  }
  free (rec);
  return 0;
}

static void
put_header (uint8_t * d, uint32_t magic, uint8_t node, uint8_t ant,
    uint16_t nsub, uint32_t seq, uint8_t ppdu, uint8_t flags)
{
  memset (d, 0, RV_ADR018_HEADER_SIZE);
  memcpy (d, &magic, 4);
  d[4] = node;
  d[5] = ant;
  memcpy (d + 6, &nsub, 2);
  d[8] = 0x85;                  /* 2437 MHz */
  d[9] = 0x09;
  memcpy (d + 12, &seq, 4);
  d[16] = 0xd8;                 /* -40 dBm */
  d[17] = 0xa4;                 /* -92 dBm */
  d[18] = ppdu;
  d[19] = flags;
}

void
rv_fuzz_seeds (void)
{
  static const struct
  {
    const char *name;
    uint8_t ant;
    uint16_t nsub;
    uint8_t ppdu, flags;
  } shapes[] = {
    { "ht20-1x64", 1, 64, RV_ADR018_PPDU_HT_LEGACY, 0 },
    { "ht40-2x128", 2, 128, RV_ADR018_PPDU_HT_LEGACY, RV_ADR018_FLAG_BW40 },
    { "he20-1x256", 1, 256, RV_ADR018_PPDU_HE_SU, RV_ADR018_FLAG_LDPC },
    { "max-4x256", 4, 256, RV_ADR018_PPDU_HE_MU, RV_ADR018_FLAG_SYNC_VALID },
    { "tiny-1x1", 1, 1, RV_ADR018_PPDU_UNKNOWN, 0 },
  };
  uint8_t d[RV_ADR018_MAX_DATAGRAM + 8];
  size_t i, k, n;

  for (i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
    n = RV_ADR018_HEADER_SIZE + 2u * shapes[i].ant * shapes[i].nsub;
    put_header (d, RV_ADR018_MAGIC_CSI, (uint8_t) (i + 1), shapes[i].ant,
        shapes[i].nsub, 1000 + (uint32_t) i, shapes[i].ppdu, shapes[i].flags);
    for (k = RV_ADR018_HEADER_SIZE; k < n; k++)
      d[k] = (uint8_t) (k * 37 + i);
    rv_fuzz_seed (shapes[i].name, d, n);
  }
  /* a sibling (vitals) packet and a time sync */
  put_header (d, 0xC5110002u, 3, 0, 0, 0, 0, 0);
  rv_fuzz_seed ("vitals", d, 32);
  put_header (d, 0xC511A110u, 3, 0, 0, 0, 0, 0);
  rv_fuzz_seed ("time-sync", d, 24);
}
