/* libgstruview — enum GTypes (see rvenums.h) */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gst/ruview/rvenums.h"

GType
gst_rv_detail_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    {GST_RV_DETAIL_SUMMARY, "Scalars only: arrays are left out", "summary"},
    {GST_RV_DETAIL_FULL, "Everything, every array included", "full"},
    {0, NULL, NULL}
  };
  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstRvDetail", values);
    g_once_init_leave (&type, t);
  }
  return (GType) type;
}
