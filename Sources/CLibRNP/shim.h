/*
 * Entry point to librnp (OpenPGP) for CardPrepOpenPGP, the only module that imports it.
 * rnp.h declares the FFI; rnp_err.h the status codes every call returns.
 */
#include <rnp/rnp.h>
#include <rnp/rnp_err.h>
