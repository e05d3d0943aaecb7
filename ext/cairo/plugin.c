/* plugin "rvcairo": the elements that draw with cairo (rvvisualize) */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstrvcairoelements.h"

static gboolean
plugin_init (GstPlugin * plugin)
{
  gboolean ret = FALSE;

  ret |= GST_ELEMENT_REGISTER (rvvisualize, plugin);

  return ret;
}

GST_PLUGIN_DEFINE (GST_VERSION_MAJOR, GST_VERSION_MINOR, rvcairo,
    "WiFi CSI room sensing drawn as video: occupancy, persons, nodes and "
    "the cycle's status, for mixing with camera streams",
    plugin_init, VERSION, GST_LICENSE, GST_PACKAGE_NAME, GST_PACKAGE_ORIGIN)
