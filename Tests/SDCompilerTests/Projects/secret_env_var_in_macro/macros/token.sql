<< macro api_token() >>
  '<< env_var("SWIFTDBT_ENV_SECRET_TOKEN", "none") >>'
<< endmacro >>
