/* libgstruview — enum GTypes of every element (registered once, here) */
#ifndef GST_RUVIEW_ENUMS_H
#define GST_RUVIEW_ENUMS_H

#include <glib-object.h>
#include "gst/ruview/rvapi.h"

G_BEGIN_DECLS

/* rvmetaconvert detail */
typedef enum
{
  GST_RV_DETAIL_SUMMARY = 0,
  GST_RV_DETAIL_FULL = 1
} GstRvDetail;

GST_RUVIEW_API GType gst_rv_detail_get_type (void);
#define GST_TYPE_RV_DETAIL (gst_rv_detail_get_type ())

G_END_DECLS
#endif
