/* libruview — privacy modes, classes and actions, and the raw-data rule
 * (the attestation chain, which needs BLAKE3, is in privacy_chain.c). */
#include "ruview/privacy.h"

#include <string.h>

static const char *const class_names[4] = { "Raw", "Derived", "Anonymous", "Restricted" };
static const char *const mode_names[RV_PRIVACY_N_MODES] = {
  "RawResearch", "PrivateHome", "EnterpriseAnonymous", "CareWithConsent", "StrictNoIdentity",
};
static const uint8_t mode_bits[RV_PRIVACY_N_MODES] = { 0x01, 0x0A, 0x1A, 0x01, 0x1E };
static const RvPrivacyClass mode_class[RV_PRIVACY_N_MODES] = {
  RV_PRIVACY_CLASS_RAW, RV_PRIVACY_CLASS_ANONYMOUS, RV_PRIVACY_CLASS_ANONYMOUS,
  RV_PRIVACY_CLASS_DERIVED, RV_PRIVACY_CLASS_RESTRICTED,
};
static const char *const action_names[5] = {
  "Allow", "SuppressIdentity", "ReduceResolution", "DropRaw", "AggregateOnly",
};

const char *
rv_privacy_class_name (RvPrivacyClass c)
{
  return (unsigned) c < 4 ? class_names[c] : "Restricted";
}

const char *
rv_privacy_mode_name (RvPrivacyMode m)
{
  return (unsigned) m < RV_PRIVACY_N_MODES ? mode_names[m] : "StrictNoIdentity";
}

const char *
rv_privacy_action_name (RvPrivacyAction a)
{
  return (unsigned) a < 5 ? action_names[a] : "Allow";
}

bool
rv_privacy_mode_from_name (const char *s, RvPrivacyMode *m)
{
  int i;
  for (i = 0; s && i < RV_PRIVACY_N_MODES; i++)
    if (strcmp (s, mode_names[i]) == 0) {
      *m = (RvPrivacyMode) i;
      return true;
    }
  return false;
}

uint8_t
rv_privacy_mode_action_bits (RvPrivacyMode m)
{
  return (unsigned) m < RV_PRIVACY_N_MODES ? mode_bits[m] : 0x1E;
}

RvPrivacyClass
rv_privacy_mode_target_class (RvPrivacyMode m)
{
  return (unsigned) m < RV_PRIVACY_N_MODES ? mode_class[m] : RV_PRIVACY_CLASS_RESTRICTED;
}

bool
rv_privacy_mode_enforces (RvPrivacyMode m, RvPrivacyAction a)
{
  return (unsigned) a < 8 && (rv_privacy_mode_action_bits (m) >> a) & 1;
}

bool
rv_privacy_mode_allows_soul_signature (RvPrivacyMode m)
{
  return !rv_privacy_mode_enforces (m, RV_PRIVACY_ACTION_SUPPRESS_IDENTITY);
}

RvPrivacyClass
rv_privacy_demote_one (RvPrivacyClass c)
{
  return c >= RV_PRIVACY_CLASS_RESTRICTED ? RV_PRIVACY_CLASS_RESTRICTED : (RvPrivacyClass) (c + 1);
}

bool
rv_privacy_raw_allowed (RvPrivacyMode m, RvPrivacyClass effective)
{
  return !rv_privacy_mode_enforces (m, RV_PRIVACY_ACTION_DROP_RAW)
      && effective < RV_PRIVACY_CLASS_RESTRICTED;
}
