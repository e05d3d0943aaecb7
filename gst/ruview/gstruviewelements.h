/* plugin "ruview": registration symbols of every element */
#ifndef __GST_RUVIEW_ELEMENTS_H__
#define __GST_RUVIEW_ELEMENTS_H__

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/gst.h>

G_BEGIN_DECLS

GST_ELEMENT_REGISTER_DECLARE (csisrc);
GST_ELEMENT_REGISTER_DECLARE (rvmetaconvert);
GST_ELEMENT_REGISTER_DECLARE (rvmultistaticfuse);
GST_ELEMENT_REGISTER_DECLARE (rvcalibrate);
GST_ELEMENT_REGISTER_DECLARE (rvphasealign);
GST_ELEMENT_REGISTER_DECLARE (rvposetrack);
GST_ELEMENT_REGISTER_DECLARE (rvtomography);
GST_ELEMENT_REGISTER_DECLARE (rvcirgate);
GST_ELEMENT_REGISTER_DECLARE (rvcompare);

G_END_DECLS
#endif
