/// A 揭榜赛比 run in the demo's first community at Chendaomen's size (seed 001: 35 items posted,
/// 300-odd person-times of service by its partner units), spread over the history: the newest
/// items still open, some claimed and under way, a few past their by-when, most done and rated.
///
/// Residents' requests (点单) come before the items they became: every item on the needs list and
/// a few services were asked for; beside them a few requests were declined with a reason and the
/// newest still await the community (待审). They draw from a second generator, so the items come
/// out as they did before requests were recorded.
///
/// It draws from a generator of its own, so the rest of the demo (and the screens pinned on it)
/// comes out as it did before the board existed.
struct OpenCallDemo {
  typealias Step = DemoHistory.Step

  /// Chendaomen's figure for its items posted (今年以来已发布榜单35个).
  static let itemCount = 35

  /// Partner units of the kinds the report names: offices of the city and district, property
  /// firms, companies and social organisations, couriers' stations.
  static let units: [(name: String, kind: String)] = [
    ("区住建局", "office"), ("区市场监管局", "office"), ("区税务局", "office"), ("市供电公司营业所", "company"),
    ("农商银行支行", "company"), ("移动营业厅", "company"), ("绿城物业", "property"), ("万科物业", "property"),
    ("彩虹志愿者协会", "social"), ("爱心公益社", "social"), ("顺丰快递驿站", "courier"), ("美团骑手站点", "courier"),
  ]

  /// Items as the three lists word them, with what is needed of the taker.
  static let items: [(list: CallList, title: String, need: String)] = [
    (.needs, "楼道扶手加装", "工人2名、扶手材料"), (.needs, "独居老人助餐", "每日送餐志愿者3名"),
    (.needs, "电动车充电桩增设", "选址与安装"), (.needs, "楼道照明维修", "电工1名"),
    (.needs, "单元防盗门维修", "维修师傅、配件"), (.needs, "儿童暑期托管", "志愿者老师4名"),
    (.needs, "老人智能手机教学", "讲师2名"), (.needs, "小区绿化补种", "苗木与人手"),
    (.needs, "垃圾分类督导", "早晚督导志愿者"), (.needs, "楼道杂物清理", "清运车辆1辆"),
    (.needs, "空巢老人上门探访", "结对志愿者"), (.needs, "雨污管道疏通", "疏通设备"),
    (.projects, "车棚电线改造", "电工与线材"), (.projects, "睦邻客厅装修", "装修队与资金"),
    (.projects, "健身角建设", "器材与安装"), (.projects, "消防通道划线", "划线队伍"),
    (.projects, "口袋公园改造", "设计与施工"), (.projects, "楼道文化墙", "设计与绘制"),
    (.projects, "老旧信箱更换", "信箱与安装"), (.projects, "无障碍坡道修建", "施工队"),
    (.projects, "充电车棚新建", "资金与施工"), (.projects, "社区食堂适老化改造", "设计与施工"),
    (.services, "义诊进社区", "医生护士"), (.services, "法律咨询", "律师1名"),
    (.services, "反诈宣传", "宣讲人员"), (.services, "家电义务维修", "维修师傅"),
    (.services, "磨刀理发便民日", "理发师、磨刀师傅"), (.services, "政策宣讲", "宣讲人员"),
    (.services, "助老上门代办", "代办志愿者"), (.services, "金融知识讲座", "讲师1名"),
    (.services, "夜间应急送药", "骑手"), (.services, "税务政策答疑", "税务专员"),
    (.services, "消防安全培训", "培训人员"), (.services, "亲子阅读会", "志愿者2名"),
    (.services, "快递代收代送", "快递员"),
  ]

  static let progressNotes = ["已进场施工", "已完成一半", "材料已到位", "已上门服务", "已组织志愿者"]
  static let doneNotes = ["已完成，居民满意", "按期完成", "已验收", "服务已结束"]
  static let comments = ["响应迅速", "服务周到", "居民好评", "质量不错", "略有延误", "还需改进"]

  /// Services residents asked for, beside every need (the rest the community offers unasked).
  static let requestedServices: Set<String> = ["义诊进社区", "助老上门代办", "夜间应急送药"]
  /// Requests the community declined, each with the reason the resident was told.
  static let declined: [(wish: String, reason: String)] = [
    ("阳台防水维修", "属个人产权房屋维修，已告知联系物业报修"), ("小区门口增设公交站", "公交线路由交通部门规划，已转交12345热线"),
    ("私家车位划线", "涉及业主私有车位，不属社区公共事务"), ("楼下加装健身器材", "已列入健身角建设项目，不再另行派单"),
  ]
  /// Requests asked in the last days, still waiting for the community.
  static let waiting = ["楼道增设休息座椅", "老年助浴上门服务", "周末儿童托管"]
  /// Residents who asked without being registered, and how they asked.
  static let askers: [(name: String, channel: RequestChannel)] = [
    ("王阿姨", .meeting), ("李师傅", .hotline), ("陈大爷", .visit), ("居民代表张女士", .meeting),
  ]

  /// The steps of the run over the history from `start` to `now`, time order not yet imposed;
  /// nothing when the demo has no community.
  static func plan(_ builder: DemoBuilder, history: DemoHistory) -> [Step] {
    guard let community = builder.ledger.places.values.first(where: { $0.level == .community }) else {
      return []
    }
    var r = DemoRandom(seed: builder.district.seed &+ 0x6A69_6562_616E)  // "jieban"
    let start = history.start.rawValue
    let window = history.now.rawValue - start
    func at(_ share: Double) -> Int64 { Int64(Double(window) * share) }
    var steps: [Step] = []
    let registered = start + DemoHistory.hour
    for (index, unit) in units.enumerated() {
      let kind = UnitKindCatalogue.standard.kind(named: unit.kind)!
      let time = Timestamp(milliseconds: registered + Int64(index) * DemoHistory.minute)
      steps.append(
        (
          time,
          .partnerUnitRegistered(PartnerUnit(id: PartnerUnitID(index + 1), name: unit.name, kind: kind)),
          DemoHistory.operatorOnDuty(at: time)
        ))
    }
    let places = [community.id] + community.children
    let official = DemoNames.leaders[0]
    // Requests draw from a generator of their own ("dian"), so the items come out as before.
    var asks = RequestPlan(builder, community: community.id, seed: builder.district.seed &+ 0x6469_616E)
    for (index, item) in items.prefix(itemCount).enumerated() {
      let id = OpenCallID(index + 1)
      // Posted in office hours (9:00–17:00 China time) of a day in the first 85 % of the history
      // (that day's morning, if its office hours are still to come), due by 18:00 of a day a sixth
      // to a half of the history later.
      let day = Timestamp(milliseconds: registered + at(Double.random(in: 0..<0.85, using: &r)))
        .startOfDayInChina
      let office = Int64.random(in: 9 * DemoHistory.hour..<17 * DemoHistory.hour, using: &r)
      var t = max(registered + DemoHistory.hour, day.rawValue + office)
      if t >= history.now.rawValue {
        t = max(registered + DemoHistory.hour, day.rawValue + 9 * DemoHistory.hour)
      }
      let dueDay = Timestamp(milliseconds: t + at(Double.random(in: 0.15...0.5, using: &r))).startOfDayInChina
      let due = max(dueDay.rawValue + 18 * DemoHistory.hour, t + DemoHistory.hour)
      func step(_ body: EventBody, after share: ClosedRange<Double>, by actor: String) {
        t += max(DemoHistory.minute, at(Double.random(in: share, using: &r)))
        steps.append((Timestamp(milliseconds: t), body, actor))
      }
      let place = item.list == .services ? community.id : r.pick(places)
      let posting = OpenCallPosting(
        id: id, list: item.list, title: item.title, place: place, need: item.need,
        dueBy: Timestamp(milliseconds: due))
      let posted = Timestamp(milliseconds: t)
      if item.list == .needs || requestedServices.contains(item.title) {
        asks.ask(item.title, at: place, before: posted, since: registered, posting: steps.count)
      }
      steps.append((posted, .openCallPosted(posting), DemoHistory.operatorOnDuty(at: posted)))
      // One item in eight finds no taker; the rest are claimed within a day or two.
      guard r.chance(0.875) else { continue }
      let unit = Int.random(in: 0..<units.count, using: &r)
      let taker = units[unit].name
      step(.openCallClaimed(id, unit: PartnerUnitID(unit + 1)), after: 0.005...0.05, by: taker)
      for _ in 0..<Int.random(in: 0...2, using: &r) {
        step(
          .openCallProgressed(id, note: r.pick(progressNotes), personTimes: Int.random(in: 3...8, using: &r)),
          after: 0.02...0.1, by: taker)
      }
      // Four in five finish before their by-when; the rest run over it.
      let late = !r.chance(0.8)
      let finish = late ? due + at(Double.random(in: 0.02...0.2, using: &r)) : t + (due - t) / 2
      t = max(t, finish - DemoHistory.minute)
      step(
        .openCallCompleted(id, note: r.pick(doneNotes), personTimes: Int.random(in: 4...12, using: &r)),
        after: 0...0.01, by: taker)
      guard r.chance(0.85) else { continue }
      let score = late ? Int.random(in: 2...4, using: &r) : r.chance(0.6) ? 5 : 4
      step(.openCallRated(id, score: score, comment: r.pick(comments)), after: 0.01...0.08, by: official)
    }
    // Declined within one to three days of the asking, in office hours; the waiting ones asked in
    // the last three days.
    for (wish, reason) in declined {
      let asked = asks.daytime(
        registered + at(Double.random(in: 0..<0.8, using: &asks.random)), earliest: registered)
      let answered = asks.daytime(asked + Int64.random(in: 1...3, using: &asks.random) * DemoHistory.day)
      asks.ask(wish, at: asks.random.pick(places), on: asked, declined: (answered, reason))
    }
    for wish in waiting {
      var asked = asks.daytime(
        history.now.rawValue - Int64.random(in: 0...2, using: &asks.random) * DemoHistory.day)
      if asked >= history.now.rawValue { asked -= DemoHistory.day }
      asks.ask(wish, at: asks.random.pick(places), on: max(registered, asked), declined: nil)
    }
    steps += asks.steps(numbering: &steps, official: official)
    // What falls after `now` has not happened yet: those items are still open or under way.
    return steps.filter { $0.time < history.now }
  }
}

/// The demo's residents' requests, numbered in the order they were asked once all are planned.
private struct RequestPlan {
  typealias Step = DemoHistory.Step

  struct Ask {
    var time: Int64
    var requester: Requester
    var channel: RequestChannel
    var place: PlaceID
    var wish: String
    /// The index of the posting step it became, if posted.
    var posting: Int?
    var declined: (time: Int64, reason: String)?
  }

  var random: DemoRandom
  private var asks: [Ask] = []
  /// The community's households, one in three of the requests coming from a registered one.
  private let households: [Household]
  /// The places each household's stairwell is under, so that a request for a compound comes from
  /// one of its own households.
  private let homePlaces: [PlaceID: Set<PlaceID>]

  init(_ builder: DemoBuilder, community: PlaceID, seed: UInt64) {
    random = DemoRandom(seed: seed)
    let ledger = builder.ledger
    let stairwells = ledger.subtree(of: community).filter { ledger.householdsByStairwell[$0] != nil }
    households = stairwells.flatMap { ledger.householdsByStairwell[$0] ?? [] }.compactMap {
      ledger.households[$0]
    }
    homePlaces = Dictionary(uniqueKeysWithValues: stairwells.map { ($0, Set(ledger.path(of: $0).map(\.id))) })
  }

  /// Who asked and how: a registered household (one living under `place`, when it has any),
  /// heard on a visit, on the hotline or online, or a resident by name at a meeting or on the
  /// hotline.
  private mutating func asker(near place: PlaceID? = nil) -> (Requester, RequestChannel, PlaceID?) {
    if !households.isEmpty, random.chance(0.6) {
      let near = place.map { place in households.filter { homePlaces[$0.stairwell]?.contains(place) == true }
      }
      let home = random.pick(near.flatMap { $0.isEmpty ? nil : $0 } ?? households)
      let channel = random.pick([RequestChannel.visit, .visit, .hotline, .online, .suggestionBox])
      return (.household(home.id), channel, home.stairwell)
    }
    let (name, channel) = random.pick(OpenCallDemo.askers)
    return (.resident(name), channel, nil)
  }

  /// A moment between 8:00 and 19:00 China time on the day of `time`, not before `earliest`:
  /// residents ask, and the community answers, in the day.
  mutating func daytime(_ time: Int64, earliest: Int64 = 0) -> Int64 {
    let day = Timestamp(milliseconds: max(time, earliest)).startOfDayInChina.rawValue
    return max(earliest, day + Int64.random(in: 8 * DemoHistory.hour..<19 * DemoHistory.hour, using: &random))
  }

  /// A request that became the posting at step `posting`, asked in the day one to four days before
  /// it (the half hour before it when the history starts later).
  mutating func ask(
    _ wish: String, at place: PlaceID, before posted: Timestamp, since earliest: Int64, posting: Int
  ) {
    let lead = Int64.random(in: 1...4, using: &random) * DemoHistory.day
    let asked = min(
      daytime(posted.rawValue - lead, earliest: earliest), posted.rawValue - 30 * DemoHistory.minute)
    let (requester, channel, _) = asker(near: place)
    asks.append(
      Ask(time: asked, requester: requester, channel: channel, place: place, wish: wish, posting: posting))
  }

  /// A request the community declined (answered at `declined`'s time) or that still waits.
  mutating func ask(_ wish: String, at place: PlaceID, on time: Int64, declined: (Int64, String)?) {
    let (requester, channel, home) = asker()
    asks.append(
      Ask(
        time: time, requester: requester, channel: channel, place: home ?? place, wish: wish, posting: nil,
        declined: declined.map { (time: $0.0, reason: $0.1) }))
  }

  /// The requests' steps, numbered in the order they were asked; each posting it became is
  /// rewritten in `steps` to name its request.
  func steps(numbering steps: inout [Step], official: String) -> [Step] {
    var result: [Step] = []
    for (index, ask) in asks.sorted(by: { $0.time < $1.time }).enumerated() {
      let id = OpenCallRequestID(index + 1)
      let asked = Timestamp(milliseconds: ask.time)
      result.append(
        (
          asked,
          .openCallRequested(
            ResidentRequest(
              id: id, requester: ask.requester, channel: ask.channel, place: ask.place, wish: ask.wish)),
          DemoHistory.operatorOnDuty(at: asked)
        ))
      if let index = ask.posting, case .openCallPosted(var posting) = steps[index].body {
        posting.request = id
        steps[index].body = .openCallPosted(posting)
      }
      if let (time, reason) = ask.declined {
        result.append((Timestamp(milliseconds: time), .openCallRequestDeclined(id, reason: reason), official))
      }
    }
    return result
  }
}
