/* libgstruview — export macro (the library is built with hidden visibility) */
#ifndef GST_RUVIEW_API_H
#define GST_RUVIEW_API_H

#ifdef BUILDING_GST_RUVIEW
#define GST_RUVIEW_API __attribute__ ((visibility ("default"))) extern
#else
#define GST_RUVIEW_API extern
#endif

#endif
