select << 'x' | uper >> as id
