select << again(1) >> as id
