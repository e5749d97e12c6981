import ArgumentParser
import Foundation
import WeigeApp
import WeigeCommandSupport
import WeigeCore

/// `weige bench calendar`: questions a second for `WorkingCalendar.due` (the O(1) prefix table)
/// beside the same questions answered by counting day by day, in the same run (issue 13's target:
/// ≥ 10 million a second, since every open ticket's clocks are asked again on every tick).
struct BenchCalendar: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "calendar",
    abstract: "Working-time deadlines a second: the O(1) prefix table beside counting day by day.")

  @Option(help: "Questions per run.") var questions = 1_000_000
  @Option(help: "Runs per figure; the median is kept.") var runs = 5
  @Option(help: "Seed of the questions.") var seed: UInt64 = 1
  @Flag(help: "Print the figures as one JSON object.") var json = false

  /// Receipts from 2025-01-01 to 2027-12-31 China time: two known years and one beyond them.
  static let start = CivilDate(year: 2025, month: 1, day: 1)!.startInChina
  static let end = CivilDate(year: 2028, month: 1, day: 1)!.startInChina

  func run() throws {
    guard questions > 0, runs > 0 else { throw CLIError("--questions and --runs take 1 or more") }
    let calendar = WorkingCalendar.shipped
    var random = SplitMix(seed: seed)
    let asked: [(Timestamp, WorkingTimeLimit)] = (0..<questions).map { index in
      let moment = Timestamp(
        milliseconds: Self.start.rawValue
          + Int64(random.next() % UInt64(Self.end.rawValue - Self.start.rawValue)) / 60_000 * 60_000)
      let limit: WorkingTimeLimit =
        index % 2 == 0
        ? .workingDays(1 + Int(random.next() % 30)) : .workingHours(1 + Int(random.next() % 200))
      return (moment, limit)
    }

    // Timed runs fold every answer into a sum, so that nothing is optimised away and no array of
    // answers is allocated; the answers are compared once, untimed.
    var sums: (Int64, Int64) = (0, 0)
    let fastSeconds = median(runs) {
      var sum: Int64 = 0
      for (moment, limit) in asked {
        let due = calendar.due(from: moment, limit: limit)
        sum &+= due.moment.rawValue &+ (due.usesWeekdayFallback ? 1 : 0)
      }
      sums.0 = sum
    }
    let slowSeconds = median(runs) {
      var sum: Int64 = 0
      for (moment, limit) in asked {
        let due = calendar.dueCountingDays(from: moment, limit: limit)
        sum &+= due.moment.rawValue &+ (due.usesWeekdayFallback ? 1 : 0)
      }
      sums.1 = sum
    }
    let fast = asked.map { calendar.due(from: $0.0, limit: $0.1) }
    let slow = asked.map { calendar.dueCountingDays(from: $0.0, limit: $0.1) }
    let agree = zip(fast, slow).filter { $0 == $1 }.count
    if sums.0 != sums.1 { log("the two methods disagree (sums \(sums.0) and \(sums.1))") }
    let fallback = fast.filter(\.usesWeekdayFallback).count
    let fastRate = Double(questions) / fastSeconds
    let slowRate = Double(questions) / slowSeconds
    let report = CalendarBenchReport(
      questions: questions, runs: runs, knownYears: calendar.policy.knownYears,
      due: Figure(
        value: fastRate, unit: "questions/s", reference: slowRate, referenceName: "counting day by day",
        target: "≥ 10,000,000/s", met: fastRate >= 10_000_000),
      nanosecondsPerQuestion: fastSeconds / Double(questions) * 1e9,
      referenceNanosecondsPerQuestion: slowSeconds / Double(questions) * 1e9,
      speedup: slowSeconds / fastSeconds, answersAgreeing: agree, usingWeekdayFallback: fallback)
    if json {
      try printJSON(report)
    } else {
      print(report.table)
    }
  }

  /// Median wall-clock seconds of `body` over `count` runs, after one to warm up.
  func median(_ count: Int, _ body: () -> Void) -> Double {
    body()
    return (0..<count).map { _ in seconds(body) }.sorted()[count / 2]
  }
}

struct CalendarBenchReport: Encodable {
  var questions: Int
  var runs: Int
  var knownYears: [Int]
  var due: Figure
  var nanosecondsPerQuestion: Double
  var referenceNanosecondsPerQuestion: Double
  var speedup: Double
  var answersAgreeing: Int
  var usingWeekdayFallback: Int

  var table: String {
    let years = knownYears.map(String.init).joined(separator: ", ")
    let perQuestion = String(format: "%.1f", nanosecondsPerQuestion)
    let reference = String(format: "%.1f", referenceNanosecondsPerQuestion)
    let slower = String(format: "%.1f", speedup)
    let lines: [String] = [
      "weige bench calendar — \(grouped(questions)) questions received 2025-01-01 to 2027-12-31 (known years "
        + "\(years); 2027 counts Monday–Friday), half in working days 1–30, half in working hours 1–200; "
        + "median of \(runs) runs",
      figureLine("calendar due, O(1) prefix table", due),
      "  per question: \(perQuestion) ns; counting day by day \(reference) ns (\(slower)× slower)",
      "  answers agreeing with the reference: \(grouped(answersAgreeing)) of \(grouped(questions)); "
        + "\(grouped(usingWeekdayFallback)) use the Monday–Friday fallback",
    ]
    return lines.joined(separator: "\n")
  }
}

/// SplitMix64, so that a seed gives the same questions on every machine.
private struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

extension BenchCalendar {
  fileprivate func log(_ message: String) {
    if !json { FileHandle.standardError.write(Data("\(message)\n".utf8)) }
  }
}
