/* libruview — privacy modes, classes, actions, the raw-data rule and the
 * BLAKE3 attestation chain (engine.md §4.8).  The registry and the chain
 * need BLAKE3 (privacy_chain.c, compiled only when it is found); the tables
 * and the rule are always there.
 *
 * "Soul signature" (identity re-use) is allowed exactly in the modes that do
 * not enforce SuppressIdentity (RawResearch, CareWithConsent) — inferred
 * from the action table, the spec only names the test. */
#ifndef RUVIEW_PRIVACY_H
#define RUVIEW_PRIVACY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  RV_PRIVACY_CLASS_RAW = 0,
  RV_PRIVACY_CLASS_DERIVED = 1,
  RV_PRIVACY_CLASS_ANONYMOUS = 2,
  RV_PRIVACY_CLASS_RESTRICTED = 3,
} RvPrivacyClass;

typedef enum {
  RV_PRIVACY_MODE_RAW_RESEARCH = 0,
  RV_PRIVACY_MODE_PRIVATE_HOME = 1,
  RV_PRIVACY_MODE_ENTERPRISE_ANONYMOUS = 2,
  RV_PRIVACY_MODE_CARE_WITH_CONSENT = 3,
  RV_PRIVACY_MODE_STRICT_NO_IDENTITY = 4,
} RvPrivacyMode;

#define RV_PRIVACY_N_MODES 5

typedef enum {
  RV_PRIVACY_ACTION_ALLOW = 0,
  RV_PRIVACY_ACTION_SUPPRESS_IDENTITY = 1,
  RV_PRIVACY_ACTION_REDUCE_RESOLUTION = 2,
  RV_PRIVACY_ACTION_DROP_RAW = 3,
  RV_PRIVACY_ACTION_AGGREGATE_ONLY = 4,
} RvPrivacyAction;

const char *rv_privacy_class_name (RvPrivacyClass c);   /* "Raw" … "Restricted" */
const char *rv_privacy_mode_name (RvPrivacyMode m);     /* "PrivateHome" … */
const char *rv_privacy_action_name (RvPrivacyAction a); /* "SuppressIdentity" … */
/* Parse a mode name (exact Debug name); false if unknown. */
bool rv_privacy_mode_from_name (const char *s, RvPrivacyMode *m);

uint8_t        rv_privacy_mode_action_bits (RvPrivacyMode m);
RvPrivacyClass rv_privacy_mode_target_class (RvPrivacyMode m);
bool           rv_privacy_mode_enforces (RvPrivacyMode m, RvPrivacyAction a);
bool           rv_privacy_mode_allows_soul_signature (RvPrivacyMode m);
/* min(c + 1, Restricted). */
RvPrivacyClass rv_privacy_demote_one (RvPrivacyClass c);

/* Whether raw per-node data (the CSI records) may leave the element that
 * decided the privacy of a cycle: not when the mode enforces DropRaw
 * (PrivateHome, EnterpriseAnonymous, StrictNoIdentity), nor when the
 * cycle's effective class is Restricted. */
bool           rv_privacy_raw_allowed (RvPrivacyMode m, RvPrivacyClass effective);

typedef struct {
  RvPrivacyMode mode;
  uint8_t prev_hash[32];
  uint8_t hash[32];
} RvAttestation;

/* Registry: the active mode and its attestation chain (genesis appended at
 * init).  The chain grows only on set_mode (control-plane, not per frame). */
typedef struct {
  RvPrivacyMode mode;
  RvAttestation *chain;
  size_t n_chain, cap_chain;
} RvPrivacyRegistry;

/* false on allocation failure. */
bool rv_privacy_registry_init (RvPrivacyRegistry *r, RvPrivacyMode mode);
void rv_privacy_registry_clear (RvPrivacyRegistry *r);
bool rv_privacy_registry_set_mode (RvPrivacyRegistry *r, RvPrivacyMode mode);
RvPrivacyClass rv_privacy_registry_active_class (const RvPrivacyRegistry *r);
uint8_t rv_privacy_registry_active_actions (const RvPrivacyRegistry *r);
/* Linkage (prev = previous hash, genesis prev = 32×0) and recomputation. */
bool rv_privacy_registry_verify_chain (const RvPrivacyRegistry *r);
/* BLAKE3(prev ‖ mode ‖ action_bits ‖ class). */
void rv_privacy_attestation_hash (const uint8_t prev[32], RvPrivacyMode mode, uint8_t out[32]);

#ifdef __cplusplus
}
#endif
#endif
