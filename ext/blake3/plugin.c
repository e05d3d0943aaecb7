/* plugin "rvblake3": the elements that need BLAKE3 (rvwitness, engine.md §4) */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstrvblake3elements.h"

static gboolean
plugin_init (GstPlugin * plugin)
{
  gboolean ret = FALSE;

  ret |= GST_ELEMENT_REGISTER (rvwitness, plugin);

  return ret;
}

GST_PLUGIN_DEFINE (GST_VERSION_MAJOR, GST_VERSION_MINOR, rvblake3,
    "WiFi CSI room sensing: the engine cycle with its privacy gate, "
    "WorldGraph and BLAKE3 witness",
    plugin_init, VERSION, GST_LICENSE, GST_PACKAGE_NAME, GST_PACKAGE_ORIGIN)
