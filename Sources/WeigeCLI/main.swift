print("weige")
