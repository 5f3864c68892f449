"""How a person is named to readers and editors: their full name, else their username."""


def display_name(user):
    return user.get_full_name() or user.get_username()
