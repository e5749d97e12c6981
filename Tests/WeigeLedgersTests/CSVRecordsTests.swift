import Foundation
import Testing

@testable import WeigeLedgers

/// The byte-level CSV reader, on the quoting and line ends spreadsheets write.
struct CSVRecordsTests {
  @Test func quotedFieldsHoldCommasLineBreaksAndDoubledQuotes() throws {
    let text = "室号,备注\r\n101,\"独居,需\"\"每周\"\"探访\r\n（子女在外地）\"\r\n102,\r\n"
    #expect(
      try CSVRecords.records(text) == [
        ["室号", "备注"], ["101", "独居,需\"每周\"探访\r\n（子女在外地）"], ["102", ""],
      ])
  }

  @Test func lineEndsMayBeLFOrCRAndBlankLinesAreEmptyRecords() throws {
    #expect(try CSVRecords.records("a,b\n\nc,d") == [["a", "b"], [""], ["c", "d"]])
    #expect(try CSVRecords.records("a,b\rc,d\r") == [["a", "b"], ["c", "d"]])
    #expect(try CSVRecords.records("a,") == [["a", ""]])
    #expect(try CSVRecords.records("") == [])
  }

  @Test func aStrayQuoteIsKeptAsWrittenAndAnUnclosedOneIsNamed() throws {
    #expect(try CSVRecords.records("3\"02,\"王\"芳\n") == [["3\"02", "王芳"]])
    #expect(throws: CSVRecords.UnclosedQuote.self) { try CSVRecords.records("a\n\"b,c\nd\n") }
    let folder = try RegisterFolder()
    let path = try folder.csv("open.csv", "楼道,室号\n\"春江小区/1幢/1单元,101\n")
    #expect {
      try LedgerFile.read(path: path)
    } throws: { error in
      "\(error)".contains("open.csv: is not CSV: the quote opened in row 2 is never closed")
    }
  }

  @Test func aByteOrderMarkIsNotPartOfTheFirstHeader() throws {
    let folder = try RegisterFolder()
    let path = try folder.csv("bom.csv", "室号,户主\r\n101,\"王芳\"\r\n", bom: true)
    let table = try LedgerFile.read(path: path)
    #expect(table.rows.map(\.cells) == [["室号", "户主"], ["101", "王芳"]])
  }
}
