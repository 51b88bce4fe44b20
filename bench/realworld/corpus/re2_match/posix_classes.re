D[[:alpha:]]+[[:digit:]]{2,4}\w*
abc12 xyz9999q no1