// CardPrepStages
