/*
 * Entry point to libarchive for CardPrepArchive, the only module that imports it.
 * Both headers are needed: archive.h for readers and writers, archive_entry.h for entries.
 */
#include <archive.h>
#include <archive_entry.h>
