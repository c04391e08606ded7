/// Where a chip application keeps its data objects: which tags go into which record of which short file
/// identifier (SFI), and which into the response to SELECT, as the product's chip application profile says.
public struct ChipRecordMap: Sendable, Equatable {
    /// One record of a short file.
    public struct Record: Sendable, Equatable {
        /// The short file identifier, 1 to 30.
        public var sfi: Int
        /// The record number, 1 to 255.
        public var record: Int
        /// The tags the record holds, in order.
        public var tags: [TLVTag]

        /// Creates a record.
        public init(sfi: Int, record: Int, tags: [TLVTag]) {
            self.sfi = sfi
            self.record = record
            self.tags = tags
        }
    }

    /// The records, in the order they are written.
    public var records: [Record]
    /// The tags of the FCI proprietary template (A5) the application returns to SELECT (tag 50, for example).
    public var selectResponse: [TLVTag]

    /// Creates a map.
    public init(records: [Record], selectResponse: [TLVTag] = []) {
        self.records = records
        self.selectResponse = selectResponse
    }

    /// Every tag the map places.
    public var placedTags: Set<TLVTag> { Set(records.flatMap(\.tags) + selectResponse) }

    /// Checks that every object has a place (without building anything): validation asks it of every record.
    /// - Throws: ``PersonalisationError/chipTagNotPlaced(tag:)`` for the first that has none.
    public func checkPlaces(_ objects: [TLV]) throws(PersonalisationError) {
        let placed = placedTags
        for object in objects where !placed.contains(object.tag) { throw .chipTagNotPlaced(tag: object.tag.description) }
    }

    /// The data groupings of a card, as EMV CPS (EMV Card Personalization Specification, section 5) lays them out
    /// for records: for each record that holds any of the card's objects, DGI `SSRR` (SFI, record number) holding a
    /// READ RECORD response template `70` with the record's objects in the map's order; then, when the select
    /// response holds any, DGI `9102` with the FCI proprietary template `A5` of those objects. Records the card has
    /// no objects for are left out. Secret groupings (keys, PINs: DGIs `8000`–`8FFF`) are never made here.
    /// - Throws: ``PersonalisationError/chipTagNotPlaced(tag:)`` for an object without a place, and as ``TLV``
    ///   does for a template too long.
    public func groupings(_ objects: [TLV]) throws(PersonalisationError) -> [DataGrouping] {
        try checkPlaces(objects)
        var groupings: [DataGrouping] = []
        for record in records {
            let held = record.tags.compactMap { tag in objects.first { $0.tag == tag } }
            guard !held.isEmpty else { continue }
            let template = try TLV(tag: .readRecordTemplate, children: held)
            groupings.append(DataGrouping(identifier: UInt16(record.sfi) << 8 | UInt16(record.record), data: template.encoded))
        }
        let select = selectResponse.compactMap { tag in objects.first { $0.tag == tag } }
        if !select.isEmpty {
            let template = try TLV(tag: TLVTag(0xA5)!, children: select)
            groupings.append(DataGrouping(identifier: 0x9102, data: template.encoded))
        }
        return groupings
    }
}

/// One EMV CPS data grouping: a two-byte identifier (DGI) and its data.
public struct DataGrouping: Sendable, Equatable, CustomStringConvertible {
    /// The data grouping identifier: `SSRR` for a record (SFI, record number), `9102` for the SELECT response.
    public var identifier: UInt16
    /// The grouping's data.
    public var data: [UInt8]

    /// Creates a grouping.
    public init(identifier: UInt16, data: [UInt8]) {
        self.identifier = identifier
        self.data = data
    }

    /// Identifier, length (one byte below 255, else `FF` and two bytes) and data, as CPS writes a grouping.
    public var encoded: [UInt8] {
        var bytes = [UInt8(identifier >> 8), UInt8(identifier & 0xFF)]
        if data.count < 0xFF {
            bytes.append(UInt8(data.count))
        } else {
            bytes += [0xFF, UInt8(data.count >> 8), UInt8(data.count & 0xFF)]
        }
        return bytes + data
    }

    /// The identifier in hex, such as `0101`.
    public var description: String { Hex.encode([UInt8(identifier >> 8), UInt8(identifier & 0xFF)]).uppercased() }

    /// The identifiers of the secret groupings CPS defines (`8000`–`8FFF`: keys, PIN) which CardPrep never produces.
    public static let secretRange: ClosedRange<UInt16> = 0x8000...0x8FFF
}
