/// Name material for demo districts: common surnames by frequency, given-name characters,
/// Hangzhou's districts and streets, and syllables for community and compound names.
enum DemoNames {
  /// The hundred most common surnames, most common first, so a low index is picked more often.
  static let surnames = Array(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
  ).map(String.init)

  static let givenCharacters = Array(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚英华玉兰萍红桂秀建国志文海燕飞鹏宇浩然欣怡佳琪晨阳子涵梓轩雨桐思远嘉懿凯瑞"
  ).map(String.init)

  static let districts: [(name: String, streets: [String])] = [
    ("滨江区", ["长河街道", "西兴街道", "浦沿街道"]),
    ("西湖区", ["北山街道", "西溪街道", "翠苑街道"]),
    ("上城区", ["湖滨街道", "清波街道", "小营街道"]),
    ("拱墅区", ["米市巷街道", "湖墅街道", "小河街道"]),
    ("萧山区", ["城厢街道", "北干街道", "蜀山街道"]),
    ("余杭区", ["五常街道", "闲林街道", "仓前街道"]),
    ("临平区", ["临平街道", "东湖街道", "南苑街道"]),
    ("钱塘区", ["下沙街道", "白杨街道", "河庄街道"]),
    ("富阳区", ["富春街道", "春江街道", "东洲街道"]),
    ("临安区", ["锦城街道", "锦北街道", "玲珑街道"]),
  ]

  static let placeSyllables = Array(
    "江滨河西兴浦沿春波月明星民湘湖冠山东信海塘新联彩虹南望伟业缤纷闻涛庆菱钱潮白马金沙丹枫钟灵襄桥锦绣华庭翠竹梅林桂花香樟银杏云水映荷"
  ).map(String.init)

  static let compoundSuffixes = ["小区", "花园", "苑", "家园", "新村", "公寓"]
  static let dedicatedGrids = ["产业园专属网格", "商务楼宇专属网格", "农贸市场专属网格", "学校专属网格"]
  static let chineseNumerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]

  static func person(_ random: inout DemoRandom) -> String {
    // Squaring the uniform draw skews it towards the common surnames at the front of the list.
    let u = Double.random(in: 0..<1, using: &random)
    let surname = surnames[Int(u * u * Double(surnames.count))]
    let given = random.chance(0.3) ? 1 : 2
    return surname + (0..<given).map { _ in random.pick(givenCharacters) }.joined()
  }

  static func phone(_ random: inout DemoRandom) -> String {
    let prefix = random.pick([
      "135", "136", "137", "138", "139", "150", "151", "158", "159", "187", "188", "189",
    ])
    return prefix + String(format8(UInt64.random(in: 0..<100_000_000, using: &random)))
  }

  private static func format8(_ value: UInt64) -> String {
    let digits = String(value)
    return String(repeating: "0", count: 8 - digits.count) + digits
  }

  static let nuisanceTitles = [
    "楼道堆物影响通行", "夜间噪音扰民", "楼上渗水漏到家中", "电动车楼道内充电", "车辆占用消防通道",
    "垃圾分类投放不规范", "广场舞音响过大", "宠物粪便无人清理", "高空晾晒滴水", "邻里停车纠纷",
  ]
  static let urgentAidTitles = [
    "独居老人行动不便需代购", "低保户申请临时救助", "残疾居民出行需协助", "老人就医需陪同",
    "困难家庭子女助学", "空巢老人家中摔倒", "高龄老人助餐服务申请",
  ]
  static let developmentTitles = [
    "加装电梯意见征集", "雨污管网老化需改造", "增设电动车充电桩", "小区停车位不足", "路面破损需修复",
    "增设无障碍坡道", "楼道灯损坏需更换", "健身器材老旧需更新",
  ]
  static let returnReasons = ["非本人职责范围", "需物业配合处理", "信息不全无法办理", "重复工单"]
  static let resolveNotes = ["已上门处理", "已协调物业解决", "已联系相关部门处理", "已清理完毕", "已完成帮扶"]
  static let ratingComments = ["非常满意", "满意", "处理及时", "基本满意", "处理较慢"]
  static let reopenReasons = ["问题复发", "居民对处理结果不满意"]
  static let visitNotes = ["每月走访", "四必联走访", "独居老人探访", "政策宣传", "底数核对"]
  static let operators = ["王芳", "陈静", "刘洋"]
  /// The leaders on call (带班领导) of the demo's roster: the day's and the night's.
  static let leaders = ["周建国", "吴丽华"]
}
