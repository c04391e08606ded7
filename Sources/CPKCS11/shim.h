/*
 * Entry point to the PKCS#11 (Cryptoki) declarations for CardPrepPKCS11, the only module that imports them.
 * p11-kit's pkcs11.h declares the standard's types and constants without the platform macros the OASIS
 * header asks the caller to define. Nothing is linked: CardPrepPKCS11 loads the token's module with dlopen
 * and calls it through the function list C_GetFunctionList returns. dlfcn.h is included here so that the
 * loader and the declarations come from one place.
 */
#include <p11-kit/pkcs11.h>
#include <dlfcn.h>
