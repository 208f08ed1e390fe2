print("financing")
