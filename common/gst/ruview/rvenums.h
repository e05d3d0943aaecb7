/* libgstruview — the enum GTypes of the elements' properties (registered
 * once, here). */
#ifndef GST_RUVIEW_ENUMS_H
#define GST_RUVIEW_ENUMS_H

#include <glib-object.h>
#include <gst/ruview/rvapi.h>

G_BEGIN_DECLS

/**
 * GstRvDetail:
 * @GST_RV_DETAIL_SUMMARY: scalars only, the arrays are left out
 * @GST_RV_DETAIL_FULL: everything, every array included
 *
 * What `rvmetaconvert detail` writes.
 */
typedef enum
{
  GST_RV_DETAIL_SUMMARY = 0,
  GST_RV_DETAIL_FULL = 1
} GstRvDetail;

GST_RUVIEW_API GType gst_rv_detail_get_type (void);
#define GST_TYPE_RV_DETAIL (gst_rv_detail_get_type ())

/**
 * GstRvFormat:
 * @GST_RV_FORMAT_FRAMES: one document per buffer: the frame or the fused
 *   cycle and its metas
 * @GST_RV_FORMAT_SENSING_UPDATE: RuView's sensing_update document per
 *   fused cycle
 *
 * What `rvmetaconvert format` writes.
 */
typedef enum
{
  GST_RV_FORMAT_FRAMES = 0,
  GST_RV_FORMAT_SENSING_UPDATE = 1
} GstRvFormat;

GST_RUVIEW_API GType gst_rv_format_get_type (void);
#define GST_TYPE_RV_FORMAT (gst_rv_format_get_type ())

/**
 * GstRvCirTier:
 * @GST_RV_CIR_TIER_AUTO: `rvcirgate tier` only: the tier that takes the
 *   width of the node frames, chosen on the first cycle (a CIR meta always
 *   reports the tier used)
 * @GST_RV_CIR_TIER_HT20: 20 MHz, 64-point grid, 52 active subcarriers, 156
 *   taps
 * @GST_RV_CIR_TIER_CANONICAL56: 20 MHz, 64-point grid, the 56 bins of
 *   canonical frames, 168 taps
 * @GST_RV_CIR_TIER_HT40: 40 MHz, 128-point grid, 114 active, 342 taps
 * @GST_RV_CIR_TIER_HE20: 20 MHz, 256-point grid, 242 active, 726 taps
 * @GST_RV_CIR_TIER_HE40: 40 MHz, 512-point grid, 484 active, 1452 taps
 *
 * The PHY layout a channel impulse response is estimated on (`rvcirgate
 * tier`, gst_rv_cir_meta_get_tier()).
 */
typedef enum
{
  GST_RV_CIR_TIER_AUTO = -1,
  GST_RV_CIR_TIER_HT20 = 0,
  GST_RV_CIR_TIER_CANONICAL56 = 1,
  GST_RV_CIR_TIER_HT40 = 2,
  GST_RV_CIR_TIER_HE20 = 3,
  GST_RV_CIR_TIER_HE40 = 4
} GstRvCirTier;

GST_RUVIEW_API GType gst_rv_cir_tier_get_type (void);
#define GST_TYPE_RV_CIR_TIER (gst_rv_cir_tier_get_type ())

/**
 * GstRvCalibrateMode:
 * @GST_RV_CALIBRATE_MODE_APPLY: subtract each node's baseline and score
 *   the frames against it
 * @GST_RV_CALIBRATE_MODE_RECORD: learn each node's baseline and write it
 * @GST_RV_CALIBRATE_MODE_PASSTHROUGH: pass the frames through untouched
 *
 * `rvcalibrate mode`.
 */
typedef enum
{
  GST_RV_CALIBRATE_MODE_APPLY = 0,
  GST_RV_CALIBRATE_MODE_RECORD = 1,
  GST_RV_CALIBRATE_MODE_PASSTHROUGH = 2
} GstRvCalibrateMode;

GST_RUVIEW_API GType gst_rv_calibrate_mode_get_type (void);
#define GST_TYPE_RV_CALIBRATE_MODE (gst_rv_calibrate_mode_get_type ())

/**
 * GstRvCalibrateTier:
 * @GST_RV_CALIBRATE_TIER_AUTO: from the frame width
 * @GST_RV_CALIBRATE_TIER_HT20: 64 subcarriers, 52 active
 * @GST_RV_CALIBRATE_TIER_HT40: 128 subcarriers, 114 active
 * @GST_RV_CALIBRATE_TIER_HE20: 256 subcarriers
 * @GST_RV_CALIBRATE_TIER_HE40: 512 subcarriers, 484 active
 *
 * The subcarrier layout of an empty-room baseline (`rvcalibrate tier`).
 */
typedef enum
{
  GST_RV_CALIBRATE_TIER_AUTO = -1,
  GST_RV_CALIBRATE_TIER_HT20 = 0,
  GST_RV_CALIBRATE_TIER_HT40 = 1,
  GST_RV_CALIBRATE_TIER_HE20 = 2,
  GST_RV_CALIBRATE_TIER_HE40 = 3
} GstRvCalibrateTier;

GST_RUVIEW_API GType gst_rv_calibrate_tier_get_type (void);
#define GST_TYPE_RV_CALIBRATE_TIER (gst_rv_calibrate_tier_get_type ())

/**
 * GstRvCsiSrcIqOrder:
 * @GST_RV_CSI_SRC_IQ_I_FIRST: byte 2k is the real part (RuView's convention)
 * @GST_RV_CSI_SRC_IQ_Q_FIRST: byte 2k is the imaginary part (ESP-IDF's
 *   documented (imag, real) order)
 * @GST_RV_CSI_SRC_IQ_AUTO: each source's own convention: i-first for
 *   UDP datagrams and RuView JSONL recordings (RuView's parity), q-first
 *   for ESP32 text logs (ESP-IDF's order)
 *
 * Byte order inside each int8 pair of an ESP32 CSI payload (`csisrc
 * iq-order`).
 */
typedef enum
{
  GST_RV_CSI_SRC_IQ_I_FIRST = 0,
  GST_RV_CSI_SRC_IQ_Q_FIRST = 1,
  GST_RV_CSI_SRC_IQ_AUTO = 2
} GstRvCsiSrcIqOrder;

#define GST_TYPE_RV_CSI_SRC_IQ_ORDER (gst_rv_csi_src_iq_order_get_type ())
GST_RUVIEW_API GType gst_rv_csi_src_iq_order_get_type (void);

/**
 * GstRvCsiSrcFormat:
 * @GST_RV_CSI_SRC_FORMAT_AUTO: recognised from the content
 * @GST_RV_CSI_SRC_FORMAT_RVCSI: binary frame records (.rvcsi)
 * @GST_RV_CSI_SRC_FORMAT_JSONL: JSON Lines frames
 * @GST_RV_CSI_SRC_FORMAT_RUVIEW_JSONL: RuView JSONL recording
 * @GST_RV_CSI_SRC_FORMAT_ESP32_CSI_TOOL: ESP32-CSI-Tool CSV log
 * @GST_RV_CSI_SRC_FORMAT_ESP_CSI: esp-csi CSV log
 * @GST_RV_CSI_SRC_FORMAT_INTEL5300: Intel 5300 CSI Tool .dat
 * @GST_RV_CSI_SRC_FORMAT_NEXMON: Nexmon CSI pcap/pcapng
 * @GST_RV_CSI_SRC_FORMAT_ATHEROS: Atheros CSI Tool log
 * @GST_RV_CSI_SRC_FORMAT_FEITCSI: FeitCSI .csi
 *
 * The file or device format of `csisrc format`.
 */
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

/**
 * GstRvCsiSrcNexmonChip:
 * @GST_RV_CSI_SRC_NEXMON_CHIP_AUTO: from each packet's chip id
 * @GST_RV_CSI_SRC_NEXMON_CHIP_BCM4339: int16 words
 * @GST_RV_CSI_SRC_NEXMON_CHIP_BCM43455C0: int16 words
 * @GST_RV_CSI_SRC_NEXMON_CHIP_BCM4358: packed floating-point words
 * @GST_RV_CSI_SRC_NEXMON_CHIP_BCM4366C0: packed floating-point words
 *
 * The word format of Nexmon captures (`csisrc nexmon-chip`).
 */
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

/**
 * GstRvSolver:
 * @GST_RV_SOLVER_ISTA: ISTA, RuView's solver (bit-exact with RuView)
 * @GST_RV_SOLVER_FISTA: FISTA with gradient restart (fewer iterations,
 *   other float bits)
 *
 * The sparse solver of `rvcirgate solver` and `rvtomography solver`.
 */
typedef enum
{
  GST_RV_SOLVER_ISTA = 0,
  GST_RV_SOLVER_FISTA = 1
} GstRvSolver;

GST_RUVIEW_API GType gst_rv_solver_get_type (void);
#define GST_TYPE_RV_SOLVER (gst_rv_solver_get_type ())

/**
 * GstRvTomographyLipschitz:
 * @GST_RV_TOMOGRAPHY_LIPSCHITZ_FROBENIUS: the Frobenius bound (bit-exact
 *   with RuView)
 * @GST_RV_TOMOGRAPHY_LIPSCHITZ_POWER: a power-method estimate (faster
 *   convergence, other float bits)
 *
 * How `rvtomography lipschitz` sizes the solver's step.
 */
typedef enum
{
  GST_RV_TOMOGRAPHY_LIPSCHITZ_FROBENIUS = 0,
  GST_RV_TOMOGRAPHY_LIPSCHITZ_POWER = 1
} GstRvTomographyLipschitz;

GST_RUVIEW_API GType gst_rv_tomography_lipschitz_get_type (void);
#define GST_TYPE_RV_TOMOGRAPHY_LIPSCHITZ (gst_rv_tomography_lipschitz_get_type ())

/**
 * GstRvPrivacyMode:
 * @GST_RV_PRIVACY_MODE_RAW_RESEARCH: class Raw, nothing enforced
 * @GST_RV_PRIVACY_MODE_PRIVATE_HOME: class Anonymous, identity suppressed,
 *   raw data dropped
 * @GST_RV_PRIVACY_MODE_ENTERPRISE_ANONYMOUS: class Anonymous, identity
 *   suppressed, raw data dropped, aggregates only
 * @GST_RV_PRIVACY_MODE_CARE_WITH_CONSENT: class Derived, nothing enforced
 * @GST_RV_PRIVACY_MODE_STRICT_NO_IDENTITY: class Restricted, identity
 *   suppressed, resolution reduced, raw data dropped, aggregates only
 *
 * The privacy mode of `rvwitness` (gst_rv_witness_meta_get_privacy_mode()).
 */
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
