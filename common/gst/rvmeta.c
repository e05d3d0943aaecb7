/* libgstruview — meta serializer registry (see rvmeta.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gst/ruview/rvmeta.h"

typedef struct
{
  GType api;
  const gchar *key;
  gint order;
  GstRvMetaSerializeFunc func;
} Entry;

#define MAX_ENTRIES 32
static Entry entries[MAX_ENTRIES];
static guint n_entries;
static GMutex lock;

void
gst_rv_meta_register_serializer (GType api, const gchar * key, gint order,
    GstRvMetaSerializeFunc func)
{
  guint i, j;
  g_mutex_lock (&lock);
  for (i = 0; i < n_entries; i++) {
    if (entries[i].api == api) {
      g_mutex_unlock (&lock);
      return;
    }
  }
  if (n_entries == MAX_ENTRIES) {
    g_mutex_unlock (&lock);
    g_critical ("too many ruview meta serializers");
    return;
  }
  /* keep sorted by order (insertion) */
  for (i = 0; i < n_entries && entries[i].order <= order; i++);
  for (j = n_entries; j > i; j--)
    entries[j] = entries[j - 1];
  entries[i].api = api;
  entries[i].key = key;
  entries[i].order = order;
  entries[i].func = func;
  n_entries++;
  g_mutex_unlock (&lock);
}

guint
gst_rv_meta_serialize_all (GstBuffer * buf, RvJsonWriter * w, gboolean full)
{
  guint i, n, written = 0;
  Entry local[MAX_ENTRIES];

  g_mutex_lock (&lock);
  n = n_entries;
  for (i = 0; i < n; i++)
    local[i] = entries[i];
  g_mutex_unlock (&lock);

  for (i = 0; i < n; i++) {
    GstMeta *m = gst_buffer_get_meta (buf, local[i].api);
    if (!m)
      continue;
    rv_json_key (w, local[i].key);
    local[i].func (m, w, full);
    written++;
  }
  return written;
}
