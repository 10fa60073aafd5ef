select << 10 // 0 >> as id
