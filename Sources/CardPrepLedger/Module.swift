// CardPrepLedger
