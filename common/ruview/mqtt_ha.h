/* libruview — what rvmqttsink publishes besides the documents themselves:
 * the Home Assistant view of a `sensing_update` document (MQTT discovery
 * configs, entity states, topics) and when each state is due.
 *
 * Topics (P = topic prefix, D = device id, H = discovery prefix):
 *   P/D/sensing        every document (the element's own stream)
 *   P/D/availability   "online" / "offline" (retained; the Last Will)
 *   P/D/<slug>         an entity's state
 *   H/<component>/gst_ruview_D/<slug>/config   its discovery config
 *   H/status           Home Assistant's birth message ("online")
 * Entities (slug, component): occupancy (binary_sensor), person_count,
 * motion_level, presence_score (sensor), node<N>_rssi (sensor, one per
 * node id N seen in `nodes`).
 *
 * The snapshot: from one document, presence, confidence and motion_level
 * of `classification`, features.motion_band_power, the person count
 * (len(persons), else estimated_persons, else 0) and each node's
 * rssi_dbm of `nodes`.
 *
 * State payloads (ts = RFC 3339 UTC with milliseconds and 'Z'):
 *   occupancy       "ON" | "OFF" (classification.presence), retained, QoS 1
 *   person_count    {"n_persons", "ts"}
 *   motion_level    {"level_pct", "level", "ts"}: level_pct =
 *                   clamp(motion_band_power / RV_HA_MOTION_FULL_SCALE,
 *                   0, 1)·100; level = classification.motion_level
 *   presence_score  {"score_pct", "ts"}: confidence·100 when present, else 0
 *   node<N>_rssi    {"dbm", "ts"}
 *   sensors are QoS 0, not retained.
 * Rates: occupancy when it changes and at least every
 * RV_HA_OCCUPANCY_REFRESH_US; person count, motion level and presence
 * score at most once per RV_HA_PERIOD_US; each node's RSSI at most once per
 * RV_HA_RSSI_PERIOD_US.  After rv_ha_schedule_reset every state is due.
 *
 * Nothing here allocates except through the JSON writer. */
#ifndef RUVIEW_MQTT_HA_H
#define RUVIEW_MQTT_HA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ruview/json.h"
#include "ruview/sensing_features.h"

#ifdef __cplusplus
extern "C" {
#endif

#define RV_HA_MAX_NODES           64   /* node RSSI entities; more are ignored */
#define RV_HA_MAX_ID              64   /* device id length */
#define RV_HA_TOPIC_MAX           512
#define RV_HA_PERIOD_US           1000000ll     /* count, motion, score */
#define RV_HA_RSSI_PERIOD_US      10000000ll
#define RV_HA_OCCUPANCY_REFRESH_US 30000000ll
/* motion_band_power at which rvposetrack classifies a room `active` */
#define RV_HA_MOTION_FULL_SCALE   RV_MOTION_ACTIVE_MBP

typedef enum {
  RV_HA_OCCUPANCY = 0,
  RV_HA_PERSON_COUNT,
  RV_HA_MOTION_LEVEL,
  RV_HA_PRESENCE_SCORE,
  RV_HA_NODE_RSSI,
  RV_HA_N_KINDS
} RvHaKind;

typedef struct {
  uint32_t node_id;
  double rssi_dbm;
} RvHaNode;

typedef struct {
  uint64_t tick;
  bool presence;
  double confidence;
  char motion_level[32];        /* as the document says: its longest
                                 * prefix of whole UTF-8 characters
                                 * that fits */
  double motion_band_power;
  uint64_t n_persons;
  size_t n_nodes;               /* nodes with a number as rssi_dbm */
  RvHaNode nodes[RV_HA_MAX_NODES];
} RvHaSnapshot;

/* Reads a sensing_update document.  Required: an object with type
 * "sensing_update", tick (unsigned integer), classification {presence
 * (bool), confidence (number), motion_level (string)} and
 * features.motion_band_power (number); persons (array), estimated_persons
 * and nodes[{node_id, rssi_dbm}] are read when present (a node without a
 * numeric rssi_dbm, or beyond RV_HA_MAX_NODES, is left out).  0, or −1 for
 * anything else (out is then unspecified). */
int rv_ha_snapshot_parse (RvJsonDoc *doc, const char *text, size_t len,
                          RvHaSnapshot *out);

typedef struct {
  const char *topic_prefix;     /* P */
  const char *device_id;        /* D */
  const char *discovery_prefix; /* H */
  const char *sw_version;       /* device and origin sw_version */
  const char *support_url;      /* origin support_url */
} RvHaConfig;

/* A device id: 1..RV_HA_MAX_ID characters of [A-Za-z0-9_-] (the set Home
 * Assistant allows in discovery topics).  A topic prefix: a non-empty MQTT
 * topic without wildcards ('+', '#'), NUL, or a leading or trailing '/'.
 * 1 when valid. */
int rv_ha_device_id_valid (const char *id);
int rv_ha_topic_prefix_valid (const char *prefix);
/* Writes a valid device id made from any name (lower case, other
 * characters as '_', cut to RV_HA_MAX_ID; "room" when nothing is left)
 * into out (RV_HA_MAX_ID + 1 bytes). */
void rv_ha_device_id_from_name (const char *name, char *out);

const char *rv_ha_component (RvHaKind kind);   /* "binary_sensor", "sensor" */
/* "occupancy", …, "node<N>_rssi" into buf; its length, −1 if it does not fit */
int rv_ha_slug (char *buf, size_t size, RvHaKind kind, uint32_t node_id);
int rv_ha_state_qos (RvHaKind kind);
bool rv_ha_state_retained (RvHaKind kind);
/* Home Assistant's expire_after for the entity (s). */
unsigned rv_ha_expire_after_s (RvHaKind kind);

/* Topics into buf; each returns the length, or −1 if it does not fit. */
int rv_ha_stream_topic (char *buf, size_t size, const RvHaConfig *c);
int rv_ha_availability_topic (char *buf, size_t size, const RvHaConfig *c);
int rv_ha_birth_topic (char *buf, size_t size, const RvHaConfig *c);
int rv_ha_state_topic (char *buf, size_t size, const RvHaConfig *c,
                       RvHaKind kind, uint32_t node_id);
int rv_ha_config_topic (char *buf, size_t size, const RvHaConfig *c,
                        RvHaKind kind, uint32_t node_id);

/* The discovery config of an entity (one JSON object). */
void rv_ha_write_config (RvJsonWriter *w, const RvHaConfig *c, RvHaKind kind,
                         uint32_t node_id);
/* The state payload of an entity from a snapshot; for RV_HA_NODE_RSSI, of
 * nodes[node_index].  unix_us: the time written as ts. */
void rv_ha_write_state (RvJsonWriter *w, RvHaKind kind, const RvHaSnapshot *s,
                        size_t node_index, int64_t unix_us);

/* "YYYY-MM-DDTHH:MM:SS.mmmZ" (years 0000..9999, clamped) into buf (at
 * least 25 bytes); returns 24. */
size_t rv_ha_rfc3339_ms (char *buf, int64_t unix_us);

/* ---- when states are due ---- */

typedef struct {
  int64_t last[RV_HA_N_KINDS - 1];      /* per room entity; INT64_MIN: never */
  bool occupancy;
  size_t n_nodes;               /* known node ids, in order of appearance */
  uint32_t node_id[RV_HA_MAX_NODES];
  int64_t node_last[RV_HA_MAX_NODES];
} RvHaSchedule;

typedef struct {
  RvHaKind kind;
  uint32_t node_id;
  size_t node_index;            /* RV_HA_NODE_RSSI: index in the snapshot */
} RvHaDue;

/* Forgets every state sent (all due again) but keeps the known nodes. */
void rv_ha_schedule_reset (RvHaSchedule *s);
/* Forgets the known nodes too (a new run). */
void rv_ha_schedule_init (RvHaSchedule *s);
/* Node ids of the snapshot not seen before, now known; written to ids
 * (room for RV_HA_MAX_NODES), count returned.  They need a config. */
size_t rv_ha_schedule_new_nodes (RvHaSchedule *s, const RvHaSnapshot *snap,
                                 uint32_t *ids);
/* The states due for the snapshot at monotonic time now_us, room entities
 * first (in RvHaKind order) then nodes in snapshot order; each is counted
 * as sent at now_us.  due needs room for RV_HA_N_KINDS − 1 +
 * RV_HA_MAX_NODES entries.  Returns the count. */
size_t rv_ha_schedule_due (RvHaSchedule *s, const RvHaSnapshot *snap,
                           int64_t now_us, RvHaDue *due);

#ifdef __cplusplus
}
#endif
#endif
