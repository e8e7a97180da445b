/*
 * qapi/qmp/qerror.h - QEMU 7.2's stock error message formats, so that the
 * shim's messages read exactly like QEMU's.
 */
#ifndef QERROR_H
#define QERROR_H

#define QERR_DEVICE_NO_HOTPLUG \
    "Device '%s' does not support hotplugging"

#define QERR_DEVICE_NOT_FOUND \
    "Device '%s' not found"

#define QERR_INVALID_PARAMETER_TYPE \
    "Invalid parameter type for '%s', expected: %s"

#define QERR_INVALID_PARAMETER_VALUE \
    "Parameter '%s' expects %s"

#define QERR_MISSING_PARAMETER \
    "Parameter '%s' is missing"

#define QERR_PERMISSION_DENIED \
    "Insufficient permission to perform this operation"

#define QERR_PROPERTY_VALUE_BAD \
    "Property '%s.%s' doesn't take value '%s'"

#define QERR_PROPERTY_VALUE_OUT_OF_RANGE \
    "Property %s.%s doesn't take value %" PRId64 \
    " (minimum: %" PRId64 ", maximum: %" PRId64 ")"

#endif /* QERROR_H */
