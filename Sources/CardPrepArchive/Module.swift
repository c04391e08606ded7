// CardPrepArchive
