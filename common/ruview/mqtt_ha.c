/* libruview — rvmqttsink's Home Assistant view of a document (mqtt_ha.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ruview/mqtt_ha.h"

/* ------------------------------------------------------------ snapshot */

static int
get_f64 (const RvJsonValue *obj, const char *key, double *out)
{
  return rv_json_as_f64 (rv_json_get (obj, key), out);
}

static int
get_u64 (const RvJsonValue *obj, const char *key, uint64_t *out)
{
  return rv_json_as_u64 (rv_json_get (obj, key), out);
}

/* The length of the longest prefix of s[0, len) of at most max bytes that
 * is whole, valid UTF-8 (no cut character, no surrogate, no overlong
 * form): a string the reader decoded from a lone \uD800, or cut to fit,
 * must not make a state payload that is not UTF-8. */
static size_t
utf8_prefix (const char *s, size_t len, size_t max)
{
  const unsigned char *u = (const unsigned char *) s;
  size_t i = 0, n, k;

  if (len > max)
    len = max;
  while (i < len) {
    uint32_t cp;
    if (u[i] < 0x80) {
      i++;
      continue;
    }
    n = u[i] >= 0xF0 ? 4 : u[i] >= 0xE0 ? 3 : 2;
    if (u[i] < 0xC2 || u[i] > 0xF4 || i + n > len)
      break;
    cp = u[i] & (0x7F >> n);
    for (k = 1; k < n && (u[i + k] & 0xC0) == 0x80; k++)
      cp = (cp << 6) | (u[i + k] & 0x3F);
    if (k < n || (n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000
                || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
      break;
    i += n;
  }
  return i;
}

int
rv_ha_snapshot_parse (RvJsonDoc *doc, const char *text, size_t len,
    RvHaSnapshot *out)
{
  const RvJsonValue *root = rv_json_parse (doc, text, len, NULL, NULL);
  const RvJsonValue *type, *cls, *feat, *level, *persons, *nodes, *n;
  int presence;
  size_t k;

  if (!root || root->type != RV_JSON_OBJECT)
    return -1;
  type = rv_json_get (root, "type");
  if (!type || type->type != RV_JSON_STRING
      || strcmp (type->text, "sensing_update") != 0)
    return -1;
  cls = rv_json_get (root, "classification");
  feat = rv_json_get (root, "features");
  level = rv_json_get (cls, "motion_level");
  if (get_u64 (root, "tick", &out->tick) != 0
      || rv_json_as_bool (rv_json_get (cls, "presence"), &presence) != 0
      || get_f64 (cls, "confidence", &out->confidence) != 0
      || !level || level->type != RV_JSON_STRING
      || get_f64 (feat, "motion_band_power", &out->motion_band_power) != 0)
    return -1;
  out->presence = presence != 0;
  k = utf8_prefix (level->text, level->len, sizeof (out->motion_level) - 1);
  memcpy (out->motion_level, level->text, k);
  out->motion_level[k] = '\0';

  persons = rv_json_get (root, "persons");
  out->n_persons = 0;
  if (persons && persons->type == RV_JSON_ARRAY && persons->n_children > 0)
    out->n_persons = persons->n_children;
  else if (get_u64 (root, "estimated_persons", &out->n_persons) != 0)
    out->n_persons = 0;

  out->n_nodes = 0;
  nodes = rv_json_get (root, "nodes");
  if (nodes && nodes->type == RV_JSON_ARRAY) {
    for (n = nodes->child; n && out->n_nodes < RV_HA_MAX_NODES; n = n->next) {
      uint64_t id;
      double rssi;
      if (get_u64 (n, "node_id", &id) != 0 || id > UINT32_MAX
          || get_f64 (n, "rssi_dbm", &rssi) != 0 || !isfinite (rssi))
        continue;
      out->nodes[out->n_nodes].node_id = (uint32_t) id;
      out->nodes[out->n_nodes].rssi_dbm = rssi;
      out->n_nodes++;
    }
  }
  return 0;
}

/* ------------------------------------------------------------ names */

int
rv_ha_device_id_valid (const char *id)
{
  size_t n;

  if (!id || !*id)
    return 0;
  for (n = 0; id[n]; n++) {
    char c = id[n];
    if (n >= RV_HA_MAX_ID || !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
            || (c >= '0' && c <= '9') || c == '_' || c == '-'))
      return 0;
  }
  return 1;
}

int
rv_ha_topic_prefix_valid (const char *p)
{
  size_t n;

  if (!p || !*p || p[0] == '/')
    return 0;
  n = strlen (p);
  if (p[n - 1] == '/' || n > RV_HA_TOPIC_MAX / 2)
    return 0;
  return strpbrk (p, "+#") == NULL;
}

void
rv_ha_device_id_from_name (const char *name, char *out)
{
  size_t n = 0;

  for (; name && *name && n < RV_HA_MAX_ID; name++) {
    char c = *name;
    if (c >= 'A' && c <= 'Z')
      c = (char) (c - 'A' + 'a');
    else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
      c = '_';
    out[n++] = c;
  }
  out[n] = '\0';
  if (n == 0)
    strcpy (out, "room");
}

/* the device id as part of an entity id: lower case, '-' → '_' */
static void
entity_part (const char *id, char *out)
{
  size_t n;

  for (n = 0; id[n] && n < RV_HA_MAX_ID; n++) {
    char c = id[n];
    out[n] = (c >= 'A' && c <= 'Z') ? (char) (c - 'A' + 'a')
        : (c == '-' ? '_' : c);
  }
  out[n] = '\0';
}

static const struct {
  const char *slug, *component, *name, *template_key, *unit, *icon;
  int qos;
  unsigned expire_after;
} kinds[RV_HA_N_KINDS] = {
  {"occupancy", "binary_sensor", "Occupancy", NULL, NULL, NULL, 1, 90},
  {"person_count", "sensor", "Person count", "n_persons", "persons",
      "mdi:account-group", 0, 30},
  {"motion_level", "sensor", "Motion level", "level_pct", "%",
      "mdi:motion-sensor", 0, 30},
  {"presence_score", "sensor", "Presence score", "score_pct", "%",
      "mdi:account-check", 0, 30},
  {"rssi", "sensor", NULL, "dbm", "dBm", NULL, 0, 60},
};

const char *
rv_ha_component (RvHaKind kind)
{
  return kinds[kind].component;
}

int
rv_ha_state_qos (RvHaKind kind)
{
  return kinds[kind].qos;
}

bool
rv_ha_state_retained (RvHaKind kind)
{
  return kind == RV_HA_OCCUPANCY;
}

unsigned
rv_ha_expire_after_s (RvHaKind kind)
{
  return kinds[kind].expire_after;
}

static int
fit (int n, size_t size)
{
  return n < 0 || (size_t) n >= size ? -1 : n;
}

int
rv_ha_slug (char *buf, size_t size, RvHaKind kind, uint32_t node_id)
{
  if (kind == RV_HA_NODE_RSSI)
    return fit (snprintf (buf, size, "node%u_rssi", (unsigned) node_id), size);
  return fit (snprintf (buf, size, "%s", kinds[kind].slug), size);
}

int
rv_ha_stream_topic (char *buf, size_t size, const RvHaConfig *c)
{
  return fit (snprintf (buf, size, "%s/%s/sensing", c->topic_prefix,
          c->device_id), size);
}

int
rv_ha_availability_topic (char *buf, size_t size, const RvHaConfig *c)
{
  return fit (snprintf (buf, size, "%s/%s/availability", c->topic_prefix,
          c->device_id), size);
}

int
rv_ha_birth_topic (char *buf, size_t size, const RvHaConfig *c)
{
  return fit (snprintf (buf, size, "%s/status", c->discovery_prefix), size);
}

int
rv_ha_state_topic (char *buf, size_t size, const RvHaConfig *c,
    RvHaKind kind, uint32_t node_id)
{
  char slug[32];

  rv_ha_slug (slug, sizeof (slug), kind, node_id);
  return fit (snprintf (buf, size, "%s/%s/%s", c->topic_prefix, c->device_id,
          slug), size);
}

int
rv_ha_config_topic (char *buf, size_t size, const RvHaConfig *c,
    RvHaKind kind, uint32_t node_id)
{
  char slug[32];

  rv_ha_slug (slug, sizeof (slug), kind, node_id);
  return fit (snprintf (buf, size, "%s/%s/gst_ruview_%s/%s/config",
          c->discovery_prefix, kinds[kind].component, c->device_id, slug),
      size);
}

/* ------------------------------------------------------------ payloads */

void
rv_ha_write_config (RvJsonWriter *w, const RvHaConfig *c, RvHaKind kind,
    uint32_t node_id)
{
  char slug[32], topic[RV_HA_TOPIC_MAX], text[RV_HA_TOPIC_MAX];
  char ent[RV_HA_MAX_ID + 1];

  rv_ha_slug (slug, sizeof (slug), kind, node_id);
  entity_part (c->device_id, ent);
  rv_json_begin_object (w);
  if (kind == RV_HA_NODE_RSSI) {
    snprintf (text, sizeof (text), "Node %u RSSI", (unsigned) node_id);
    rv_json_kv_string (w, "name", text);
  } else {
    rv_json_kv_string (w, "name", kinds[kind].name);
  }
  snprintf (text, sizeof (text), "gst_ruview_%s_%s", c->device_id, slug);
  rv_json_kv_string (w, "unique_id", text);
  snprintf (text, sizeof (text), "%s.ruview_%s_%s", kinds[kind].component,
      ent, slug);
  rv_json_kv_string (w, "default_entity_id", text);
  rv_ha_state_topic (topic, sizeof (topic), c, kind, node_id);
  rv_json_kv_string (w, "state_topic", topic);
  if (kind == RV_HA_OCCUPANCY) {
    rv_json_kv_string (w, "device_class", "occupancy");
    rv_json_kv_string (w, "payload_on", "ON");
    rv_json_kv_string (w, "payload_off", "OFF");
  } else {
    snprintf (text, sizeof (text), "{{ value_json.%s }}",
        kinds[kind].template_key);
    rv_json_kv_string (w, "value_template", text);
    /* the whole state object (ts, level, …) as the entity's attributes */
    rv_json_kv_string (w, "json_attributes_topic", topic);
    rv_json_kv_string (w, "state_class", "measurement");
    rv_json_kv_string (w, "unit_of_measurement", kinds[kind].unit);
    if (kind != RV_HA_PERSON_COUNT)
      rv_json_kv_u64 (w, "suggested_display_precision", 1);
    if (kind == RV_HA_NODE_RSSI) {
      rv_json_kv_string (w, "device_class", "signal_strength");
      rv_json_kv_string (w, "entity_category", "diagnostic");
    } else {
      rv_json_kv_string (w, "icon", kinds[kind].icon);
    }
  }
  rv_ha_availability_topic (topic, sizeof (topic), c);
  rv_json_kv_string (w, "availability_topic", topic);
  rv_json_kv_string (w, "payload_available", "online");
  rv_json_kv_string (w, "payload_not_available", "offline");
  rv_json_kv_u64 (w, "expire_after", kinds[kind].expire_after);
  rv_json_kv_u64 (w, "qos", (uint64_t) kinds[kind].qos);

  rv_json_key (w, "device");
  rv_json_begin_object (w);
  rv_json_key (w, "identifiers");
  rv_json_begin_array (w);
  snprintf (text, sizeof (text), "gst_ruview_%s", c->device_id);
  rv_json_string (w, text);
  rv_json_end_array (w);
  snprintf (text, sizeof (text), "RuView %s", c->device_id);
  rv_json_kv_string (w, "name", text);
  rv_json_kv_string (w, "manufacturer", "gst-ruview");
  rv_json_kv_string (w, "model", "WiFi CSI room sensing");
  rv_json_kv_string (w, "sw_version", c->sw_version);
  rv_json_end_object (w);

  rv_json_key (w, "origin");
  rv_json_begin_object (w);
  rv_json_kv_string (w, "name", "gst-ruview");
  rv_json_kv_string (w, "sw_version", c->sw_version);
  rv_json_kv_string (w, "support_url", c->support_url);
  rv_json_end_object (w);
  rv_json_end_object (w);
}

static double
clamp01 (double v)
{
  return v > 0.0 ? (v < 1.0 ? v : 1.0) : 0.0;  /* NaN → 0 */
}

void
rv_ha_write_state (RvJsonWriter *w, RvHaKind kind, const RvHaSnapshot *s,
    size_t node_index, int64_t unix_us)
{
  char ts[32];

  if (kind == RV_HA_OCCUPANCY) {
    rv_json_append (w, s->presence ? "ON" : "OFF", s->presence ? 2 : 3);
    return;
  }
  rv_ha_rfc3339_ms (ts, unix_us);
  rv_json_begin_object (w);
  switch (kind) {
    case RV_HA_PERSON_COUNT:
      rv_json_kv_u64 (w, "n_persons", s->n_persons);
      break;
    case RV_HA_MOTION_LEVEL:
      rv_json_kv_f64 (w, "level_pct",
          clamp01 (s->motion_band_power / RV_HA_MOTION_FULL_SCALE) * 100.0);
      rv_json_kv_string (w, "level", s->motion_level);
      break;
    case RV_HA_PRESENCE_SCORE:
      rv_json_kv_f64 (w, "score_pct",
          s->presence ? clamp01 (s->confidence) * 100.0 : 0.0);
      break;
    default:                   /* RV_HA_NODE_RSSI */
      rv_json_kv_f64 (w, "dbm", s->nodes[node_index].rssi_dbm);
      break;
  }
  rv_json_kv_string (w, "ts", ts);
  rv_json_end_object (w);
}

/* days since 1970-01-01 → civil date (proleptic Gregorian; eras of 400
 * years, March-based years so that the leap day comes last) */
static void
civil_from_days (int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
  int64_t era, doe, yoe, doy, mp;

  z += 719468;                                  /* days since 0000-03-01 */
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;                       /* [0, 146096] */
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  /* [0, 399] */
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);        /* [0, 365] */
  mp = (5 * doy + 2) / 153;                     /* March = 0 */
  *d = (unsigned) (doy - (153 * mp + 2) / 5 + 1);
  *m = (unsigned) (mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

size_t
rv_ha_rfc3339_ms (char *buf, int64_t unix_us)
{
  /* 0000-01-01 and 9999-12-31T23:59:59.999 in µs since 1970 */
  const int64_t lo = -62167219200000000ll, hi = 253402300799999999ll;
  int64_t ms, days, sod, y;
  unsigned mo, d;
  char tmp[64];

  if (unix_us < lo)
    unix_us = lo;
  if (unix_us > hi)
    unix_us = hi;
  ms = unix_us >= 0 ? unix_us / 1000 : -((-unix_us + 999) / 1000);
  days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
  sod = ms - days * 86400000;                   /* [0, 86400000) */
  civil_from_days (days, &y, &mo, &d);
  snprintf (tmp, sizeof (tmp), "%04d-%02u-%02uT%02u:%02u:%02u.%03uZ",
      (int) y, mo, d, (unsigned) (sod / 3600000),
      (unsigned) (sod / 60000 % 60), (unsigned) (sod / 1000 % 60),
      (unsigned) (sod % 1000));
  memcpy (buf, tmp, 25);        /* 24 characters and the NUL */
  return 24;
}

/* ------------------------------------------------------------ schedule */

void
rv_ha_schedule_reset (RvHaSchedule *s)
{
  size_t k;

  for (k = 0; k < RV_HA_N_KINDS - 1; k++)
    s->last[k] = INT64_MIN;
  for (k = 0; k < RV_HA_MAX_NODES; k++)
    s->node_last[k] = INT64_MIN;
  s->occupancy = false;
}

void
rv_ha_schedule_init (RvHaSchedule *s)
{
  s->n_nodes = 0;
  rv_ha_schedule_reset (s);
}

static size_t
known_index (const RvHaSchedule *s, uint32_t id)
{
  size_t k;

  for (k = 0; k < s->n_nodes; k++)
    if (s->node_id[k] == id)
      return k;
  return SIZE_MAX;
}

size_t
rv_ha_schedule_new_nodes (RvHaSchedule *s, const RvHaSnapshot *snap,
    uint32_t *ids)
{
  size_t k, n = 0;

  for (k = 0; k < snap->n_nodes && s->n_nodes < RV_HA_MAX_NODES; k++) {
    uint32_t id = snap->nodes[k].node_id;
    if (known_index (s, id) != SIZE_MAX)
      continue;
    s->node_id[s->n_nodes] = id;
    s->node_last[s->n_nodes] = INT64_MIN;
    s->n_nodes++;
    ids[n++] = id;
  }
  return n;
}

static bool
elapsed (int64_t last, int64_t now, int64_t period)
{
  return last == INT64_MIN || now - last >= period;
}

size_t
rv_ha_schedule_due (RvHaSchedule *s, const RvHaSnapshot *snap, int64_t now_us,
    RvHaDue *due)
{
  size_t n = 0, k;
  int kind;

  for (kind = 0; kind < RV_HA_NODE_RSSI; kind++) {
    bool is_due;
    if (kind == RV_HA_OCCUPANCY)
      is_due = elapsed (s->last[kind], now_us, RV_HA_OCCUPANCY_REFRESH_US)
          || snap->presence != s->occupancy;
    else
      is_due = elapsed (s->last[kind], now_us, RV_HA_PERIOD_US);
    if (!is_due)
      continue;
    s->last[kind] = now_us;
    due[n].kind = (RvHaKind) kind;
    due[n].node_id = 0;
    due[n].node_index = 0;
    n++;
  }
  s->occupancy = snap->presence;
  for (k = 0; k < snap->n_nodes; k++) {
    size_t i = known_index (s, snap->nodes[k].node_id);
    if (i == SIZE_MAX || !elapsed (s->node_last[i], now_us,
            RV_HA_RSSI_PERIOD_US))
      continue;
    s->node_last[i] = now_us;
    due[n].kind = RV_HA_NODE_RSSI;
    due[n].node_id = snap->nodes[k].node_id;
    due[n].node_index = k;
    n++;
  }
  return n;
}
