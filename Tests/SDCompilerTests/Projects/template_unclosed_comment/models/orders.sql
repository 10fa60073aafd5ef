select 1 as id
<<# a note that never ends
from t
