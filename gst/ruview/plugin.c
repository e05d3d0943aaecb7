/* plugin "ruview": the elements that need only GStreamer and libruview */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstruviewelements.h"

static gboolean
plugin_init (GstPlugin * plugin)
{
  gboolean ret = FALSE;

  ret |= GST_ELEMENT_REGISTER (csisrc, plugin);
  ret |= GST_ELEMENT_REGISTER (rvmetaconvert, plugin);
  ret |= GST_ELEMENT_REGISTER (rvmultistaticfuse, plugin);
  ret |= GST_ELEMENT_REGISTER (rvcalibrate, plugin);
  ret |= GST_ELEMENT_REGISTER (rvphasealign, plugin);
  ret |= GST_ELEMENT_REGISTER (rvposetrack, plugin);
  ret |= GST_ELEMENT_REGISTER (rvtomography, plugin);
  ret |= GST_ELEMENT_REGISTER (rvcirgate, plugin);
  ret |= GST_ELEMENT_REGISTER (rvcompare, plugin);

  return ret;
}

GST_PLUGIN_DEFINE (GST_VERSION_MAJOR, GST_VERSION_MINOR, ruview,
    "WiFi CSI room sensing: ingest, calibration, phase alignment, fusion, "
    "CIR gate, tomography, pose tracking, A/B comparison and JSON output",
    plugin_init, VERSION, GST_LICENSE, GST_PACKAGE_NAME, GST_PACKAGE_ORIGIN)
