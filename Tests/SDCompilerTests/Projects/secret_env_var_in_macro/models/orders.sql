select << api_token() >> as token
