select id, << amount_col >>
from << ref('raw_payment') >>
