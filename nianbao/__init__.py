"""nianbao: the open archive of government information-disclosure annual reports."""
