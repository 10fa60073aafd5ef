select *
from read_parquet('<< env_var("SHOP_LAKE_ROOT") >>/orders/*.parquet')
