import Testing
@testable import WeigeSearch

@Test func smoke() {
  let texts = ["长江小区 3幢2单元", "长江小区 2幢3单元", "江三社区", "张三", "长江西苑", "dispatch"]
  let index = PaletteIndex(texts)
  for q in ["jssq", "zhangsan", "cjxq 3 2", "长江 3幢", "cj3幢", "cjxq", "dispach", "长"] {
    let r = index.search(PaletteQuery(q))
    print(q, r.matches.map { "\(texts[$0.candidate]) \($0.score) \($0.positions)" })
  }
  print(PinyinTable.shared.readings(of: "长"), PinyinTable.shared.readings(of: "绿"), PinyinTable.shared.readings(of: "行"))
}
