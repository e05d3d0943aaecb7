/* libruview — BLAKE3 witness (engine.md §4.11). */
#include "ruview/witness.h"

#include <string.h>

#include "blake3.h"

typedef struct
{
  uint8_t *buf;
  size_t cap, len;
  blake3_hasher *h;
} Sink;

static void
put (Sink *s, const void *p, size_t n)
{
  if (s->h)
    blake3_hasher_update (s->h, p, n);
  if (s->buf && s->len < s->cap)
    memcpy (s->buf + s->len, p, n < s->cap - s->len ? n : s->cap - s->len);
  s->len += n;
}

static void
put_u64 (Sink *s, uint64_t v)
{
  uint8_t le[8];
  int i;
  for (i = 0; i < 8; i++)
    le[i] = (uint8_t) (v >> (8 * i));
  put (s, le, 8);
}

static void
put_str (Sink *s, const char *str)
{
  size_t n = str ? strlen (str) : 0;
  put_u64 (s, n);
  if (n)
    put (s, str, n);
}

static void
emit (Sink *s, const char *const *ev, size_t n, const char *model, const char *cal,
    const char *dec, uint8_t cls)
{
  size_t i;
  put (s, RV_WITNESS_DOMAIN, sizeof RV_WITNESS_DOMAIN - 1);
  put_u64 (s, n);
  for (i = 0; i < n; i++)
    put_str (s, ev[i]);
  put_str (s, model);
  put_str (s, cal);
  put_str (s, dec);
  put (s, &cls, 1);
}

size_t
rv_witness_preimage (uint8_t *buf, size_t cap, const char *const *evidence, size_t n_evidence,
    const char *model_version, const char *calibration_version, const char *privacy_decision,
    uint8_t effective_class)
{
  Sink s = { buf, cap, 0, NULL };
  emit (&s, evidence, n_evidence, model_version, calibration_version, privacy_decision,
      effective_class);
  return s.len;
}

void
rv_witness_compute (const char *const *evidence, size_t n_evidence, const char *model_version,
    const char *calibration_version, const char *privacy_decision, uint8_t effective_class,
    uint8_t out[32])
{
  blake3_hasher h;
  Sink s = { NULL, 0, 0, &h };
  blake3_hasher_init (&h);
  emit (&s, evidence, n_evidence, model_version, calibration_version, privacy_decision,
      effective_class);
  blake3_hasher_finalize (&h, out, 32);
}

void
rv_witness_of (const RvProvenance *p, RvPrivacyClass effective, uint8_t out[32])
{
  const char *ev[RV_PROV_MAX_EVIDENCE];
  size_t i;
  for (i = 0; i < p->n_evidence; i++)
    ev[i] = p->evidence[i];
  rv_witness_compute (ev, p->n_evidence, p->model_version, p->calibration_version,
      p->privacy_decision, (uint8_t) effective, out);
}

void
rv_hex32 (const uint8_t h[32], char out[65])
{
  static const char hx[] = "0123456789abcdef";
  int i;
  for (i = 0; i < 32; i++) {
    out[2 * i] = hx[h[i] >> 4];
    out[2 * i + 1] = hx[h[i] & 15];
  }
  out[64] = '\0';
}
