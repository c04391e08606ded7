// CardPrepXML
