/// The demo's recognition (Recognition.swift): 72 % of stairwells with a convention, as Binjiang
/// reports; volunteers' hours a few times a month a stairwell, their points and a few exchanges;
/// 红黑榜 entries now and then; and each month's 先锋 chosen on the 1st from the month before's
/// stars and hours. It draws from a generator of its own, so the rest of the district's history
/// is what it was without it.
struct DemoRecognition {
  typealias Step = DemoHistory.Step

  /// Binjiang: 72 % of its stairwells have a convention. Most were adopted before the history
  /// begins; one in ten of them is adopted during it.
  static let conventionShare = 0.72
  static let adoptedDuring = 0.1
  /// About five activities a month a stairwell team records (Weige's assumption: the reports give
  /// no rate), each one to four hours.
  static let activitiesPerStairwellDay = 5.0 / 30
  /// 先锋 and 红黑榜 each month, per stairwell: one vanguard stairwell and one vanguard person in
  /// thirty, a red-list entry in twenty, a black-list one in fifty (Weige's assumption: a
  /// community of 94 stairwells lists a few of each a month).
  static let vanguardShare = 1.0 / 30
  static let redPerStairwellMonth = 1.0 / 20
  static let blackPerStairwellMonth = 1.0 / 50

  static let conventionTitles = ["文明楼道公约", "邻里守望公约", "楼道整洁公约", "和美楼道公约"]
  static let activities = ["平安巡查", "楼道环境整治", "防诈骗宣传", "助老上门服务", "垃圾分类督导", "迎亚运环境整治"]
  static let rewards: [(String, Int)] = [("毛巾两条", 30), ("理发服务券", 50), ("洗衣液一瓶", 60), ("大米一袋", 100)]
  static let redReasons = ["楼道整洁无堆物", "邻里互助照顾独居老人", "垃圾分类准确率高", "众筹改造楼道公共空间", "主动清理消防通道"]
  static let blackReasons = ["楼道堆放杂物未清理", "电动车入楼道充电", "高空抛物", "消防通道堆物屡劝不改", "垃圾落地"]

  private var random: DemoRandom
  private let start: Timestamp
  private let rules = StarRules.standard
  /// Each stairwell's team and reserves: who volunteers there.
  private let volunteers: [[PersonID]]
  private let conventions: [Int]
  private let laterConventions: Set<Int>

  init(district: DemoDistrict, start: Timestamp, builder: DemoBuilder) {
    self.start = start
    volunteers = builder.stairwells.map { stairwell in
      ["head", "information", "logistics", "reserve"].flatMap {
        builder.ledger.holders[RoleAssignment(role: $0, place: stairwell.id), default: []]
      }
    }
    let count = builder.stairwells.count
    var draw = DemoRandom(seed: district.seed ^ 0x5354_4152_5300)
    conventions = draw.choose(Int((Double(count) * Self.conventionShare).rounded()), of: count).sorted()
    laterConventions = Set(conventions.filter { _ in draw.chance(Self.adoptedDuring) })
    random = draw
  }

  /// The day's steps from `dayStart` to `dayEnd`, on the state `builder` has folded so far.
  mutating func steps(_ builder: DemoBuilder, from dayStart: Int64, to dayEnd: Int64) -> [Step] {
    var steps: [Step] = []
    let day = DemoHistory.day
    let dayIndex = Int((dayStart - start.rawValue) / day)
    func moment(_ hours: Range<Int64>) -> Timestamp {
      Timestamp(
        milliseconds: dayStart
          + Int64.random(in: hours.lowerBound * 3_600_000..<hours.upperBound * 3_600_000, using: &random))
    }
    let stairwells = builder.stairwells
    let title = { (index: Int) in Self.conventionTitles[index % Self.conventionTitles.count] }
    for index in conventions {
      // The ones adopted earlier are on record from the first morning; the later ones on a day of
      // their own, spread over the history.
      let isLater = laterConventions.contains(index)
      let dueDay = isLater ? 1 + index % max(1, builder.district.days - 1) : 0
      guard dueDay == dayIndex else { continue }
      let time = isLater ? moment(9..<18) : Timestamp(milliseconds: dayStart + 9 * 3_600_000)
      steps.append(
        (
          time, .conventionAdopted(stairwells[index].id, title: title(index)),
          DemoHistory.operatorOnDuty(at: time)
        ))
    }
    let month = CivilMonth(inChina: Timestamp(milliseconds: dayStart))
    if CivilDate(inChina: Timestamp(milliseconds: dayStart)).day == 1, dayIndex > 0 {
      let previous = CivilMonth(inChina: Timestamp(milliseconds: month.startInChina.rawValue - 1))
      steps += vanguards(builder, of: previous, at: moment(10..<11))
    }
    for _ in 0..<count(Double(stairwells.count) * Self.activitiesPerStairwellDay) {
      let index = Int.random(in: 0..<stairwells.count, using: &random)
      guard let person = volunteers[index].isEmpty ? nil : random.pick(volunteers[index]) else { continue }
      let minutes = 30 * Int.random(in: 2...8, using: &random)
      let time = moment(9..<18)
      let recorder = volunteers[index].dropFirst().first.flatMap { builder.ledger.people[$0]?.name }
      steps.append(
        (
          time,
          .volunteerHoursRecorded(
            VolunteerHours(
              person: person, activity: random.pick(Self.activities), minutes: minutes,
              points: rules.points(forMinutes: minutes))),
          recorder ?? DemoHistory.operatorOnDuty(at: time)
        ))
    }
    // An exchange spends only what the volunteer held before the day: the day's hours only add.
    // Volunteers in stairwell order, so that the same seed gives the same exchanges.
    var seen = Set<PersonID>()
    for person in volunteers.joined() where seen.insert(person).inserted && random.chance(0.02) {
      guard let account = builder.ledger.recognition.accounts[person],
        let (reward, points) = Self.rewards.last(where: { $0.1 <= account.balance })
      else { continue }
      let time = moment(9..<18)
      steps.append(
        (
          time, .pointsRedeemed(PointsRedemption(person: person, points: points, reward: reward)),
          DemoHistory.operatorOnDuty(at: time)
        ))
    }
    for (kind, perMonth, reasons) in [
      (HonourKind.red, Self.redPerStairwellMonth, Self.redReasons),
      (.black, Self.blackPerStairwellMonth, Self.blackReasons),
    ] {
      for _ in 0..<count(Double(stairwells.count) * perMonth / 30) {
        let time = moment(10..<17)
        let honour = Honour(
          kind: kind, subject: .stairwell(random.pick(stairwells).id), month: month,
          reason: random.pick(reasons))
        steps.append((time, .honourAwarded(honour), DemoHistory.operatorOnDuty(at: time)))
      }
    }
    return steps.filter { $0.time.rawValue < dayEnd }
  }

  /// `expected` rounded at random, so that a small compound still sees a rare step now and then.
  private mutating func count(_ expected: Double) -> Int {
    Int(expected) + (random.chance(expected - expected.rounded(.down)) ? 1 : 0)
  }

  /// 先锋楼道 among the stairwells with the most stars last month, 先锋个人 the volunteers who gave
  /// it the most hours.
  private mutating func vanguards(_ builder: DemoBuilder, of month: CivilMonth, at time: Timestamp) -> [Step]
  {
    let ledger = builder.ledger
    let count = max(1, Int((Double(builder.stairwells.count) * Self.vanguardShare).rounded()))
    let rated = ledger.starRatings(under: nil, in: month, rules: rules)
    // The most stars any stairwell has: in a history that began late in the month, visits
    // alone keep everyone short of full.
    let top = rated.map(\.stars).max() ?? 0
    let best = rated.filter { $0.stars == top && top > 0 }.shuffled(using: &random).prefix(count)
    let actor = DemoHistory.operatorOnDuty(at: time)
    var steps: [Step] = best.map { rating -> Step in
      (
        time,
        .honourAwarded(
          Honour(
            kind: .vanguardStairwell, subject: .stairwell(rating.stairwell), month: month,
            reason: "\(month.month)月星级 \(rating.glyphs)，公约落实好")), actor
      )
    }
    let givers = ledger.recognition.accounts.map { ($0.key, $0.value.minutes(in: month)) }.filter { $0.1 > 0 }
      .sorted { ($0.1, $1.0) > ($1.1, $0.0) }.prefix(count)
    steps += givers.map { person, minutes -> Step in
      (
        time,
        .honourAwarded(
          Honour(
            kind: .vanguardPerson, subject: .person(person), month: month,
            reason: "\(month.month)月志愿 \(VolunteerHours.duration(minutes, .zh))")), actor
      )
    }
    return steps
  }
}
