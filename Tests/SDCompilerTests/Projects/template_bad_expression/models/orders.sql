select id, amount * << 1 + >> as doubled
from << ref('raw_orders') >>
