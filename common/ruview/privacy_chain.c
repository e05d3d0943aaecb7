/* libruview — the privacy attestation chain (BLAKE3), see privacy.h. */
#include "ruview/privacy.h"

#include <stdlib.h>
#include <string.h>

#include "blake3.h"

void
rv_privacy_attestation_hash (const uint8_t prev[32], RvPrivacyMode mode, uint8_t out[32])
{
  blake3_hasher h;
  uint8_t tail[3];
  tail[0] = (uint8_t) mode;
  tail[1] = rv_privacy_mode_action_bits (mode);
  tail[2] = (uint8_t) rv_privacy_mode_target_class (mode);
  blake3_hasher_init (&h);
  blake3_hasher_update (&h, prev, 32);
  blake3_hasher_update (&h, tail, 3);
  blake3_hasher_finalize (&h, out, 32);
}

static bool
append (RvPrivacyRegistry *r, RvPrivacyMode mode)
{
  RvAttestation *a;
  if (r->n_chain == r->cap_chain) {
    size_t nc = r->cap_chain ? r->cap_chain * 2 : 8;
    RvAttestation *n = realloc (r->chain, nc * sizeof *n);
    if (!n)
      return false;
    r->chain = n;
    r->cap_chain = nc;
  }
  a = &r->chain[r->n_chain];
  a->mode = mode;
  if (r->n_chain == 0)
    memset (a->prev_hash, 0, 32);
  else
    memcpy (a->prev_hash, r->chain[r->n_chain - 1].hash, 32);
  rv_privacy_attestation_hash (a->prev_hash, mode, a->hash);
  r->n_chain++;
  r->mode = mode;
  return true;
}

bool
rv_privacy_registry_init (RvPrivacyRegistry *r, RvPrivacyMode mode)
{
  memset (r, 0, sizeof *r);
  return append (r, mode);
}

void
rv_privacy_registry_clear (RvPrivacyRegistry *r)
{
  free (r->chain);
  memset (r, 0, sizeof *r);
}

bool
rv_privacy_registry_set_mode (RvPrivacyRegistry *r, RvPrivacyMode mode)
{
  if ((unsigned) mode >= RV_PRIVACY_N_MODES)
    return false;
  return append (r, mode);
}

RvPrivacyClass
rv_privacy_registry_active_class (const RvPrivacyRegistry *r)
{
  return rv_privacy_mode_target_class (r->mode);
}

uint8_t
rv_privacy_registry_active_actions (const RvPrivacyRegistry *r)
{
  return rv_privacy_mode_action_bits (r->mode);
}

bool
rv_privacy_registry_verify_chain (const RvPrivacyRegistry *r)
{
  static const uint8_t zero[32] = { 0 };
  size_t i;
  for (i = 0; i < r->n_chain; i++) {
    uint8_t h[32];
    const uint8_t *want_prev = i == 0 ? zero : r->chain[i - 1].hash;
    if (memcmp (r->chain[i].prev_hash, want_prev, 32) != 0)
      return false;
    rv_privacy_attestation_hash (r->chain[i].prev_hash, r->chain[i].mode, h);
    if (memcmp (h, r->chain[i].hash, 32) != 0)
      return false;
  }
  return r->n_chain > 0;
}
