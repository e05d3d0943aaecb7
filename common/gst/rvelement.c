/* libgstruview — element initialisation (see rvelement.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <glib/gi18n-lib.h>
#include "gst/ruview/rvelement.h"
#include "ruview/room_geometry.h"

void
gst_rv_element_init (GstPlugin * plugin)
{
  static gsize res = FALSE;

  if (g_once_init_enter (&res)) {
#ifdef ENABLE_NLS
    bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
    bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
#endif
    g_once_init_leave (&res, TRUE);
  }
}

gboolean
gst_rv_element_parse_room (GstElement * element, const gchar * positions,
    const gchar * bounds, guint32 * ids, RvPosition3D * pos, gsize cap,
    gsize * n, gdouble box[6])
{
  gchar why[128];

  if (rv_node_positions_parse (positions, ids, pos, cap, n, why,
          sizeof (why)) != 0) {
    GST_ELEMENT_ERROR (element, RESOURCE, SETTINGS,
        (_("Invalid node positions \"%s\": expected id:x,y,z entries "
                "separated by ';'."), positions ? positions : ""),
        ("%s", why));
    return FALSE;
  }
  if (rv_box_parse (bounds, box) != 0) {
    GST_ELEMENT_ERROR (element, RESOURCE, SETTINGS,
        (_("Invalid bounds \"%s\": expected xmin,ymin,zmin,xmax,ymax,zmax "
                "with each max above its min."), bounds ? bounds : ""),
        ("bounds must be six numbers, each max above its min"));
    return FALSE;
  }
  return TRUE;
}
