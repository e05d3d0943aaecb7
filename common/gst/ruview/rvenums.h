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

/* rvmetaconvert format */
typedef enum
{
  GST_RV_FORMAT_FRAMES = 0,
  GST_RV_FORMAT_SENSING_UPDATE = 1
} GstRvFormat;

GST_RUVIEW_API GType gst_rv_format_get_type (void);
#define GST_TYPE_RV_FORMAT (gst_rv_format_get_type ())

/* rvcirgate tier (values equal RvCirTier, common/ruview/cir.h §2.1) */
typedef enum
{
  GST_RV_CIR_TIER_HT20 = 0,
  GST_RV_CIR_TIER_CANONICAL56 = 1,
  GST_RV_CIR_TIER_HT40 = 2,
  GST_RV_CIR_TIER_HE20 = 3,
  GST_RV_CIR_TIER_HE40 = 4
} GstRvCirTier;

GST_RUVIEW_API GType gst_rv_cir_tier_get_type (void);
#define GST_TYPE_RV_CIR_TIER (gst_rv_cir_tier_get_type ())

/* rvcalibrate mode */
typedef enum
{
  GST_RV_CALIBRATE_MODE_APPLY = 0,
  GST_RV_CALIBRATE_MODE_RECORD = 1,
  GST_RV_CALIBRATE_MODE_PASSTHROUGH = 2
} GstRvCalibrateMode;

GST_RUVIEW_API GType gst_rv_calibrate_mode_get_type (void);
#define GST_TYPE_RV_CALIBRATE_MODE (gst_rv_calibrate_mode_get_type ())

/* rvcalibrate tier: auto (from the frame width) or a forced PHY tier */
typedef enum
{
  GST_RV_CALIBRATE_TIER_AUTO = -1,
  GST_RV_CALIBRATE_TIER_HT20 = 0,       /* = RV_PHY_TIER_HT20 */
  GST_RV_CALIBRATE_TIER_HT40 = 1,
  GST_RV_CALIBRATE_TIER_HE20 = 2,
  GST_RV_CALIBRATE_TIER_HE40 = 3
} GstRvCalibrateTier;

GST_RUVIEW_API GType gst_rv_calibrate_tier_get_type (void);
#define GST_TYPE_RV_CALIBRATE_TIER (gst_rv_calibrate_tier_get_type ())

/* csisrc iq-order */
/**
 * GstRvCsiSrcIqOrder:
 * @GST_RV_CSI_SRC_IQ_I_FIRST: byte 2k is the real part (RuView's convention)
 * @GST_RV_CSI_SRC_IQ_Q_FIRST: byte 2k is the imaginary part (ESP-IDF's
 *   documented (imag, real) order)
 * @GST_RV_CSI_SRC_IQ_AUTO: each source's own convention: i-first for
 *   ADR-018 datagrams and RuView JSONL recordings (RuView's parity),
 *   q-first for ESP32 text logs (ESP-IDF's order)
 *
 * Byte order inside each int8 pair of an ESP32 CSI payload.
 */
typedef enum
{
  GST_RV_CSI_SRC_IQ_I_FIRST = 0,
  GST_RV_CSI_SRC_IQ_Q_FIRST = 1,
  GST_RV_CSI_SRC_IQ_AUTO = 2
} GstRvCsiSrcIqOrder;

#define GST_TYPE_RV_CSI_SRC_IQ_ORDER (gst_rv_csi_src_iq_order_get_type ())
GST_RUVIEW_API GType gst_rv_csi_src_iq_order_get_type (void);

/* csisrc format: auto or a reader by name (the nick is the reader's name) */
typedef enum
{
  GST_RV_CSI_SRC_FORMAT_AUTO = 0,
  GST_RV_CSI_SRC_FORMAT_RVCSI,
  GST_RV_CSI_SRC_FORMAT_JSONL,
  GST_RV_CSI_SRC_FORMAT_RUVIEW_JSONL,
  GST_RV_CSI_SRC_FORMAT_ESP32_CSI_TOOL,
  GST_RV_CSI_SRC_FORMAT_ESP_CSI,
  GST_RV_CSI_SRC_FORMAT_INTEL5300,
  GST_RV_CSI_SRC_FORMAT_NEXMON,
  GST_RV_CSI_SRC_FORMAT_ATHEROS,
  GST_RV_CSI_SRC_FORMAT_FEITCSI
} GstRvCsiSrcFormat;

#define GST_TYPE_RV_CSI_SRC_FORMAT (gst_rv_csi_src_format_get_type ())
GST_RUVIEW_API GType gst_rv_csi_src_format_get_type (void);

/* csisrc nexmon-chip (values equal RvNexmonChip) */
typedef enum
{
  GST_RV_CSI_SRC_NEXMON_CHIP_AUTO = 0,
  GST_RV_CSI_SRC_NEXMON_CHIP_BCM4339 = 1,
  GST_RV_CSI_SRC_NEXMON_CHIP_BCM43455C0 = 2,
  GST_RV_CSI_SRC_NEXMON_CHIP_BCM4358 = 3,
  GST_RV_CSI_SRC_NEXMON_CHIP_BCM4366C0 = 4
} GstRvCsiSrcNexmonChip;

#define GST_TYPE_RV_CSI_SRC_NEXMON_CHIP (gst_rv_csi_src_nexmon_chip_get_type ())
GST_RUVIEW_API GType gst_rv_csi_src_nexmon_chip_get_type (void);

/* rvcirgate and rvtomography solver (values equal RvCirSolver and
 * RvTomographySolver) */
typedef enum
{
  GST_RV_SOLVER_ISTA = 0,
  GST_RV_SOLVER_FISTA = 1
} GstRvSolver;

GST_RUVIEW_API GType gst_rv_solver_get_type (void);
#define GST_TYPE_RV_SOLVER (gst_rv_solver_get_type ())

/* rvtomography lipschitz (values equal RvTomographyLipschitz) */
typedef enum
{
  GST_RV_TOMOGRAPHY_LIPSCHITZ_FROBENIUS = 0,
  GST_RV_TOMOGRAPHY_LIPSCHITZ_POWER = 1
} GstRvTomographyLipschitz;

GST_RUVIEW_API GType gst_rv_tomography_lipschitz_get_type (void);
#define GST_TYPE_RV_TOMOGRAPHY_LIPSCHITZ (gst_rv_tomography_lipschitz_get_type ())

/* rvwitness privacy mode (values equal RvPrivacyMode, engine.md §4.8) */
typedef enum
{
  GST_RV_PRIVACY_MODE_RAW_RESEARCH = 0,
  GST_RV_PRIVACY_MODE_PRIVATE_HOME = 1,
  GST_RV_PRIVACY_MODE_ENTERPRISE_ANONYMOUS = 2,
  GST_RV_PRIVACY_MODE_CARE_WITH_CONSENT = 3,
  GST_RV_PRIVACY_MODE_STRICT_NO_IDENTITY = 4
} GstRvPrivacyMode;

GST_RUVIEW_API GType gst_rv_privacy_mode_get_type (void);
#define GST_TYPE_RV_PRIVACY_MODE (gst_rv_privacy_mode_get_type ())

/* rvcompare cycle-documents */
typedef enum
{
  GST_RV_COMPARE_CYCLES_ALL = 0,
  GST_RV_COMPARE_CYCLES_DIFFERING = 1,
  GST_RV_COMPARE_CYCLES_NONE = 2
} GstRvCompareCycles;

GST_RUVIEW_API GType gst_rv_compare_cycles_get_type (void);
#define GST_TYPE_RV_COMPARE_CYCLES (gst_rv_compare_cycles_get_type ())

G_END_DECLS
#endif
