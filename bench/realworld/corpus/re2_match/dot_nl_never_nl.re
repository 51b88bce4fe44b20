 start.*end
start
middle
end start end