extension Array where Element: Comparable {
  /// The first position whose element is not ordered before `element`: where it goes, or is.
  package func insertionIndex(of element: Element) -> Int {
    var low = 0
    var high = count
    while low < high {
      let middle = (low + high) / 2
      if self[middle] < element { low = middle + 1 } else { high = middle }
    }
    return low
  }

  /// Where `element` is in a sorted array, found by halving; nil when it is not there.
  package func sortedIndex(of element: Element) -> Int? {
    let index = insertionIndex(of: element)
    return index < count && self[index] == element ? index : nil
  }

  /// Inserts `element` into a sorted array where it keeps it sorted.
  package mutating func insertSorted(_ element: Element) {
    insert(element, at: insertionIndex(of: element))
  }
}
