print("populate")
