select << $total >> as id
