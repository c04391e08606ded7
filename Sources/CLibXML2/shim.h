/*
 * Entry point to libxml2 for CardPrepXML, the only module that imports it.
 *
 * Debian builds libxml2 with ICU, and <libxml/encoding.h> then includes <unicode/ucnv.h>, whose
 * enums collide with the ICU that Foundation bundles (_FoundationICU). CardPrep never asks libxml2
 * for ICU conversions, so the ICU switch is turned off before the parser headers are read.
 */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlsave.h>
