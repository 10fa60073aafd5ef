select << 'abc >> as id
